using Microsoft.Extensions.Time.Testing;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Steps;
using Xunit;

namespace VirtSriov.Core.Tests.Libvirt;

public sealed class LibvirtHypervisorTests
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    private static LibvirtHypervisor OpenPrivate(TimeProvider time)
    {
        LibvirtTestSupport.RequireLibvirt();
        return LibvirtHypervisor.Open(LibvirtTestSupport.PrivateTestUri(LibvirtTestSupport.NewTempFolder()), time);
    }

    private static string MinimalDomain(string name) =>
        $"<domain type='test'><name>{name}</name><memory unit='MiB'>256</memory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os></domain>";

    [Fact]
    public void Stop_GuestAlreadyPoweredOff_IsTheStateAskedForNotAFailure()
    {
        LibvirtTestSupport.RequireLibvirt();
        using var connection = LibvirtConnection.Open(LibvirtTestSupport.PrivateTestUri(LibvirtTestSupport.NewTempFolder()));
        using var domain = connection.DefineDomain(MinimalDomain("t-" + Guid.NewGuid().ToString("N")));
        domain.Start();
        domain.Destroy(); // the guest powered itself off after the caller saw it running

        Assert.Throws<LibvirtException>(domain.Destroy);
        Assert.Throws<LibvirtException>(domain.Shutdown);
        LibvirtHypervisor.Stop(domain, static d => d.Destroy());
        LibvirtHypervisor.Stop(domain, static d => d.Shutdown());

        Assert.Equal(DomainState.ShutOff, domain.GetState());
    }

    [Fact]
    public async Task ListPciDevicesAsync_SriovNode_ReturnsVfsWithTheirPf()
    {
        LibvirtTestSupport.RequireLibvirt();
        var ct = TestContext.Current.CancellationToken;
        using var hypervisor = LibvirtHypervisor.Open("test://" + LibvirtTestSupport.DataPath("node-sriov.xml"), TimeProvider.System, readOnly: true);

        var devices = await hypervisor.ListPciDevicesAsync(ct);

        Assert.Equal(7, devices.Count);
        Assert.Equal(
            ["0000:3b:02.0", "0000:3b:02.1", "0000:3b:02.2", "0000:3b:02.3"],
            devices.Where(d => d.PhysicalFunction == "0000:3b:00.0").Select(d => d.Address).Order(StringComparer.Ordinal));
        Assert.Equal(1, Assert.Single(devices, d => d.Address == "0000:5e:00.0").NumaNode);
        Assert.False(Assert.Single(devices, d => d.Address == "0000:01:00.0").IsVirtualFunction);
    }

    [Fact]
    public async Task CapabilityWrappers_TestDriver_ReturnHostAndDriverFacts()
    {
        var ct = TestContext.Current.CancellationToken;
        using var hypervisor = OpenPrivate(TimeProvider.System);

        var host = await hypervisor.GetHostCapabilitiesAsync(ct);
        var version = await hypervisor.GetHypervisorVersionAsync(ct);
        var domainCapabilities = await Assert.ThrowsAsync<LibvirtException>(() => hypervisor.GetDomainCapabilitiesAsync(ct));
        var detach = await Assert.ThrowsAsync<LibvirtException>(() => hypervisor.DetachNodeDeviceAsync("computer", null, ct));

        Assert.False(string.IsNullOrEmpty(host.Arch));
        Assert.Equal(new Version(0, 0, 2), version);
        Assert.Equal(LibvirtException.NoSupport, domainCapabilities.Code);
        // A private node file has no devices at all, so the lookup fails before the unsupported detach.
        Assert.Equal(LibvirtException.NoNodeDevice, detach.Code);
    }

    [Fact]
    public async Task GetDomainXmlAsync_UnknownDomain_NamesItAndHowToList()
    {
        var ct = TestContext.Current.CancellationToken;
        using var hypervisor = OpenPrivate(TimeProvider.System);

        var error = await Assert.ThrowsAsync<ActionableException>(() => hypervisor.GetDomainXmlAsync("worker-9", inactive: true, ct));

        Assert.Contains("'worker-9'", error.Message, StringComparison.Ordinal);
        Assert.Contains("list --all", error.Fix, StringComparison.Ordinal);
        Assert.Equal(nameof(RunSettings.Workers), error.Field);
        Assert.Equal(LibvirtException.NoDomain, Assert.IsType<LibvirtException>(error.InnerException).Code);
    }

    [Theory]
    [InlineData("<domain type='test'><name>keep</name>")]
    [InlineData("<domain type='test'><memory>1</memory></domain>")]
    public async Task DefineDomainAsync_MalformedXml_RefusesAndLeavesDomainUnchanged(string xml)
    {
        var ct = TestContext.Current.CancellationToken;
        using var hypervisor = OpenPrivate(TimeProvider.System);
        await hypervisor.DefineDomainAsync(MinimalDomain("keep"), ct);
        var before = await hypervisor.GetDomainXmlAsync("keep", inactive: true, ct);

        var error = await Assert.ThrowsAsync<ActionableException>(() => hypervisor.DefineDomainAsync(xml, ct));

        Assert.Contains("nothing was defined", error.Message, StringComparison.Ordinal);
        Assert.Contains("virsh dumpxml", error.Fix, StringComparison.Ordinal);
        Assert.Equal(before, await hypervisor.GetDomainXmlAsync("keep", inactive: true, ct));
    }

    [Fact]
    public async Task WatchStatesAsync_DomainStartsThenIsUndefined_YieldsEachChange()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 14, 9, 0, 0, TimeSpan.Zero));
        using var hypervisor = OpenPrivate(time);
        await hypervisor.DefineDomainAsync(MinimalDomain("watched"), ct);
        await using var changes = hypervisor.WatchStatesAsync(PollInterval, ct).GetAsyncEnumerator(ct);

        var initial = await NextAsync(changes, time);
        await hypervisor.StartAsync("watched", ct);
        var started = await NextAsync(changes, time);
        await hypervisor.ShutdownAsync("watched", TimeSpan.FromSeconds(5), destroyAfterTimeout: false, ct);
        await hypervisor.UndefineAsync("watched", removeNvram: false, ct);
        var stopped = await NextAsync(changes, time);

        Assert.Equal(("watched", (DomainState?)null, (DomainState?)DomainState.ShutOff), (initial.Name, initial.Previous, initial.Current));
        Assert.True(initial.ObservedAt >= time.Start);
        Assert.Equal("watched", started.Name);
        Assert.Equal(DomainState.ShutOff, started.Previous);
        Assert.Equal(DomainState.Running, started.Current);
        Assert.True(started.ObservedAt > initial.ObservedAt);
        Assert.Equal(DomainState.Running, stopped.Previous);
        Assert.Null(stopped.Current);
    }

    [Fact]
    public async Task WatchStatesAsync_Cancelled_EndsWithCancellation()
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var time = new FakeTimeProvider();
        using var hypervisor = OpenPrivate(time);
        await hypervisor.DefineDomainAsync(MinimalDomain("watched"), cancellation.Token);
        await using var changes = hypervisor.WatchStatesAsync(PollInterval, cancellation.Token).GetAsyncEnumerator(cancellation.Token);
        Assert.True(await changes.MoveNextAsync());

        var waiting = changes.MoveNextAsync().AsTask();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
    }

    /// <summary>Advances the fake clock one poll interval at a time until the watcher yields, with a real deadline.</summary>
    private static async Task<DomainStateChange> NextAsync(IAsyncEnumerator<DomainStateChange> changes, FakeTimeProvider time)
    {
        var next = changes.MoveNextAsync().AsTask();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!next.IsCompleted)
        {
            Assert.True(DateTime.UtcNow < deadline, "The state watcher yielded nothing within 30 s.");
            time.Advance(PollInterval);
            await Task.WhenAny(next, Task.Delay(TimeSpan.FromMilliseconds(20), TestContext.Current.CancellationToken));
        }

        Assert.True(await next, "The state watcher ended.");
        return changes.Current;
    }
}
