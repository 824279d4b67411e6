using VirtSriov.Core.Preflight;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tests.Preflight.Support;
using VirtSriov.TestDoubles;

namespace VirtSriov.Core.Tests.Preflight;

public sealed class LibvirtCheckTests : IDisposable
{
    private readonly PreflightTestTree tree = new();
    private readonly LibvirtCheck check = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("9.0.0", FindingSeverity.Ok)]
    [InlineData("8.0.0", FindingSeverity.Info)]
    [InlineData("3.0.0", FindingSeverity.Error)]
    public async Task RunAsync_Version_GradedByWhatTheRecipeNeeds(string version, FindingSeverity expected)
    {
        var lab = new FakeLab(tree.Sysfs, new FakeHypervisor("qemu:///system", Version.Parse(version)));

        var finding = Assert.Single(await check.RunAsync(lab.Context(), Token));

        Assert.Equal(expected, finding.Severity);
        Assert.Equal($"{version} at qemu:///system", finding.Observed);
    }

    [Fact]
    public async Task RunAsync_Unreachable_IsWarningWithVirshCommand()
    {
        var lab = new FakeLab(tree.Sysfs, FakeHypervisor.Unreachable("qemu:///system"));

        var finding = Assert.Single(await check.RunAsync(lab.Context(), Token));

        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.StartsWith("not reachable through qemu:///system", finding.Observed, StringComparison.Ordinal);
        Assert.EndsWith("virsh -c qemu:///system version", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_RealLibvirtTestDriver_ReportsTheInstalledVersion()
    {
        using var hypervisor = VirtSriov.Core.Libvirt.LibvirtHypervisor.Open("test:///default", TimeProvider.System);
        var lab = new FakeLab(tree.Sysfs, hypervisor);

        var finding = Assert.Single(await check.RunAsync(lab.Context(), Token));

        Assert.NotEqual(FindingSeverity.Warning, finding.Severity);
        Assert.Equal($"{await hypervisor.GetLibraryVersionAsync(Token)} at test:///default", finding.Observed);
    }

    public void Dispose() => tree.Dispose();
}
