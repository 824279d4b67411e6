using VirtSriov.Core.Preflight;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tests.Preflight.Support;
using VirtSriov.TestDoubles;

namespace VirtSriov.Core.Tests.Preflight;

public sealed class SriovNicsCheckTests : IDisposable
{
    private const string Planned = "0000:3b:00.0";
    private readonly PreflightTestTree tree = new();
    private readonly SriovNicsCheck check = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_PlannedPfUp_ShowsDriverLinkSpeedNumaAndGroup()
    {
        tree.Pf(Planned);

        var finding = Assert.Single(await check.RunAsync(new FakeLab(tree.Sysfs).Context(), Token));

        Assert.Equal(FindingSeverity.Ok, finding.Severity);
        Assert.Equal($"SR-IOV NIC {Planned} (planned PF)", finding.Title);
        Assert.Equal("8086:1572 i40e, ens1f0 up 10000 Mb/s, 0 of 64 VFs, NUMA node 0, IOMMU group 30", finding.Observed);
    }

    [Fact]
    public async Task RunAsync_PlannedPfLinkDown_WarnsWithIpLinkSetUp()
    {
        tree.Pf(Planned, operstate: "down");

        var finding = Assert.Single(await check.RunAsync(new FakeLab(tree.Sysfs).Context(), Token));

        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.StartsWith("ip link set ens1f0 up", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_OtherPfLinkDown_IsOnlyInfo()
    {
        tree.Pf("0000:5e:00.0", netdev: "ens2f0", operstate: "down", group: 40);

        var finding = Assert.Single(await check.RunAsync(new FakeLab(tree.Sysfs).Context(), Token));

        Assert.Equal(FindingSeverity.Info, finding.Severity);
    }

    [Fact]
    public async Task RunAsync_PlannedPfWithoutDriver_IsError()
    {
        tree.Pf(Planned, driver: null);

        var finding = Assert.Single(await check.RunAsync(new FakeLab(tree.Sysfs).Context(), Token));

        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Contains("8086:1572 no driver", finding.Observed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SharedIommuGroup_NamesThePeers()
    {
        tree.Pf(Planned).Folder("/sys/kernel/iommu_groups/30/devices/0000:3b:00.1");

        var finding = Assert.Single(await check.RunAsync(new FakeLab(tree.Sysfs).Context(), Token));

        Assert.EndsWith("IOMMU group 30 (shared with 0000:3b:00.1)", finding.Observed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_OnlyMellanox_IsErrorPlusInfo()
    {
        tree.Pf("0000:af:00.0", vendor: "15b3", driver: "mlx5_core", netdev: "ens3f0np0", group: 50);

        var findings = await check.RunAsync(new FakeLab(tree.Sysfs).Context(), Token);

        Assert.Equal(FindingSeverity.Error, Assert.Single(findings, f => f.Id == "sriov.intel").Severity);
        Assert.Equal(FindingSeverity.Info, Assert.Single(findings, f => f.Id == "sriov.nic.0000:af:00.0").Severity);
    }

    public void Dispose() => tree.Dispose();
}
