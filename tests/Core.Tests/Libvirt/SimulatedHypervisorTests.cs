using Microsoft.Extensions.Time.Testing;
using VirtSriov.Core.Libvirt;
using Xunit;

namespace VirtSriov.Core.Tests.Libvirt;

public sealed class SimulatedHypervisorTests
{
    [Fact]
    public async Task OpenAsync_EmptyState_SeedsRunningKcliCluster()
    {
        LibvirtTestSupport.RequireLibvirt();
        var ct = TestContext.Current.CancellationToken;
        var folder = LibvirtTestSupport.NewTempFolder();

        using var hypervisor = await SimulatedHypervisor.OpenAsync(Path.Combine(folder, "state"), new FakeTimeProvider(), ct, LibvirtTestSupport.PrivateTestUri(folder));

        var names = await hypervisor.ListDomainNamesAsync(ct);
        Assert.Equal(SimulatedHypervisor.LabDomains.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
        foreach (var name in SimulatedHypervisor.LabDomains)
        {
            Assert.True(await hypervisor.IsRunningAsync(name, ct), name);
            var xml = await hypervisor.GetDomainXmlAsync(name, inactive: true, ct);
            Assert.Contains("<kvirt:plan>virtsriov</kvirt:plan>", xml, StringComparison.Ordinal);
            Assert.Contains("<memory unit='KiB'>16777216</memory>", xml, StringComparison.Ordinal);
            Assert.Contains("<vcpu placement='static'>8</vcpu>", xml, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(folder, "state", name + ".xml")), name);
        }
    }

    [Fact]
    public async Task OpenAsync_AfterRestart_RedefinesTheSavedDomains()
    {
        LibvirtTestSupport.RequireLibvirt();
        var ct = TestContext.Current.CancellationToken;
        var folder = LibvirtTestSupport.NewTempFolder();
        var state = Path.Combine(folder, "state");
        var uri = LibvirtTestSupport.PrivateTestUri(folder);
        string patched;
        using (var first = await SimulatedHypervisor.OpenAsync(state, new FakeTimeProvider(), ct, uri))
        {
            var xml = await first.GetDomainXmlAsync("virtsriov-worker-1", inactive: true, ct);
            patched = DomainPatcher.Patch(xml, ["0000:3b:02.1"], await first.GetLibraryVersionAsync(ct)).Xml;
            await first.ShutdownAsync("virtsriov-worker-1", TimeSpan.FromSeconds(5), destroyAfterTimeout: false, ct);
            await first.DefineDomainAsync(patched, ct);
        }

        using var second = await SimulatedHypervisor.OpenAsync(state, new FakeTimeProvider(), ct, uri);

        var restored = await second.GetDomainXmlAsync("virtsriov-worker-1", inactive: true, ct);
        Assert.Equal(["0000:3b:02.1"], DomainHostdevs.PciAddresses(restored));
        Assert.Contains("machine='q35'", restored, StringComparison.Ordinal);
        Assert.Empty(DomainHostdevs.PciAddresses(await second.GetDomainXmlAsync("virtsriov-worker-0", inactive: true, ct)));
    }

    [Fact]
    public async Task OpenAsync_AfterRestart_KeepsADomainTheRunShutDownShutDownAndStartsTheOnesItStarted()
    {
        LibvirtTestSupport.RequireLibvirt();
        var ct = TestContext.Current.CancellationToken;
        var folder = LibvirtTestSupport.NewTempFolder();
        var state = Path.Combine(folder, "state");
        var uri = LibvirtTestSupport.PrivateTestUri(folder);
        using (var first = await SimulatedHypervisor.OpenAsync(state, new FakeTimeProvider(), ct, uri))
        {
            await first.ShutdownAsync("virtsriov-worker-0", TimeSpan.FromSeconds(5), destroyAfterTimeout: false, ct);
            await first.ShutdownAsync("virtsriov-worker-1", TimeSpan.FromSeconds(5), destroyAfterTimeout: false, ct);
            await first.StartAsync("virtsriov-worker-1", ct);
        }

        using var second = await SimulatedHypervisor.OpenAsync(state, new FakeTimeProvider(), ct, uri);

        Assert.False(await second.IsRunningAsync("virtsriov-worker-0", ct));
        Assert.True(await second.IsRunningAsync("virtsriov-worker-1", ct));
        Assert.True(await second.IsRunningAsync("virtsriov-ctlplane-0", ct));
    }

    [Fact]
    public async Task OpenAsync_DefaultUri_LeavesTheTestDriversOwnDomain()
    {
        LibvirtTestSupport.RequireLibvirt();
        var ct = TestContext.Current.CancellationToken;

        using var hypervisor = await SimulatedHypervisor.OpenAsync(LibvirtTestSupport.NewTempFolder(), new FakeTimeProvider(), ct);

        Assert.Equal(SimulatedHypervisor.DefaultUri, hypervisor.Uri);
        Assert.Contains("test", await hypervisor.ListDomainNamesAsync(ct));
        Assert.True(await hypervisor.IsRunningAsync("virtsriov-worker-0", ct));
    }
}
