using VirtSriov.Core.Preflight;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tests.TestSupport;
using VirtSriov.TestDoubles;

namespace VirtSriov.Core.Tests.Preflight;

public sealed class VfsInUseCheckTests : IDisposable
{
    private readonly HostTestTree tree = new();
    private readonly VfsInUseCheck check = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public VfsInUseCheckTests() => tree.Sysfs.WriteText("/sys/bus/pci/devices/0000:3b:00.0/sriov_numvfs", "4");

    [Fact]
    public async Task RunAsync_NoHostdevs_IsOk()
    {
        var findings = await check.RunAsync(Lab(("virtsriov-worker-0", [], true)).Context(), Token);

        var finding = Assert.Single(findings);
        Assert.Equal(FindingSeverity.Ok, finding.Severity);
        Assert.Equal("no defined domain uses a VF (0 PCI hostdev(s) in all)", finding.Observed);
    }

    [Fact]
    public async Task RunAsync_PlannedWorkersHoldVfs_IsInfo()
    {
        var findings = await check.RunAsync(Lab(("virtsriov-worker-0", ["0000:3b:02.0"], true), ("virtsriov-worker-1", ["0000:3b:02.1"], false)).Context(), Token);

        var finding = Assert.Single(findings);
        Assert.Equal(FindingSeverity.Info, finding.Severity);
        Assert.Equal("sriov.vfs-in-use.0000:3b:00.0", finding.Id);
        Assert.Equal("virtsriov-worker-0 (running): 0000:3b:02.0; virtsriov-worker-1: 0000:3b:02.1 on PF 0000:3b:00.0", finding.Observed);
    }

    [Fact]
    public async Task RunAsync_OtherDomainHoldsVfOfPlannedPf_WarnsToDetach()
    {
        var findings = await check.RunAsync(Lab(("database-vm", ["0000:3b:02.3"], true)).Context(), Token);

        var finding = Assert.Single(findings);
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Contains("EBUSY", finding.Why, StringComparison.Ordinal);
        Assert.StartsWith("Detach the VFs from database-vm", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_HostdevOfAVfThatIsGone_WarnsThatVfsWereNotRecreated()
    {
        var findings = await check.RunAsync(Lab(("virtsriov-worker-0", ["0000:3b:02.7"], false)).Context(), Token);

        var finding = Assert.Single(findings);
        Assert.Equal("sriov.vfs-in-use.missing", finding.Id);
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Equal("virtsriov-worker-0: 0000:3b:02.7: no such PCI device on the host", finding.Observed);
        Assert.Contains("virtsriov-vfs.service", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoLibvirt_IsInfoNotChecked()
    {
        var lab = new FakeLab(tree.Sysfs, FakeHypervisor.Unreachable("none:///"));

        var finding = Assert.Single(await check.RunAsync(lab.Context(), Token));

        Assert.Equal(FindingSeverity.Info, finding.Severity);
        Assert.StartsWith("not checked", finding.Observed, StringComparison.Ordinal);
    }

    public void Dispose() => tree.Dispose();

    private FakeLab Lab(params (string Name, string[] Hostdevs, bool Running)[] domains) =>
        new(tree.Sysfs, new FakeHypervisor("qemu:///system", new Version(10, 0), domains.ToDictionary(d => d.Name, d => (FakeHypervisor.Domain(d.Name, 16, d.Hostdevs), d.Running))));
}
