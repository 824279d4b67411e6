using VirtSriov.Core.Preflight;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tests.Preflight.Support;
using VirtSriov.TestDoubles;

namespace VirtSriov.Core.Tests.Preflight;

public sealed class IommuCheckTests : IDisposable
{
    private readonly PreflightTestTree tree = new();
    private readonly IommuCheck check = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_NoUnitButDmarTable_FixIsTheKernelCommandLine()
    {
        tree.File(IommuCheck.DmarTable, "").File("/proc/cmdline", "ro quiet\n");

        var findings = await check.RunAsync(new FakeLab(tree.Sysfs).Context(), Token);

        var enabled = Assert.Single(findings, f => f.Id == "iommu.enabled");
        Assert.Equal(FindingSeverity.Error, enabled.Severity);
        Assert.Contains("although the firmware publishes a DMAR table", enabled.Observed, StringComparison.Ordinal);
        Assert.StartsWith("Enable VT-d in the firmware, add \"intel_iommu=on iommu=pt\"", enabled.Fix, StringComparison.Ordinal);
        Assert.Equal(FindingSeverity.Error, Assert.Single(findings, f => f.Id == "iommu.cmdline").Severity);
    }

    [Fact]
    public async Task RunAsync_NoUnitNoDmarTable_FixStartsInTheFirmware()
    {
        tree.File("/proc/cmdline", "ro intel_iommu=on iommu=pt\n");

        var findings = await check.RunAsync(new FakeLab(tree.Sysfs).Context(), Token);

        var enabled = Assert.Single(findings, f => f.Id == "iommu.enabled");
        Assert.Contains("publishes no DMAR table", enabled.Observed, StringComparison.Ordinal);
        Assert.StartsWith("Enable VT-d (\"Intel Virtualization Technology for Directed I/O\")", enabled.Fix, StringComparison.Ordinal);
        Assert.Equal(FindingSeverity.Ok, Assert.Single(findings, f => f.Id == "iommu.cmdline").Severity);
    }

    [Fact]
    public async Task RunAsync_UnitsAndGroups_CountsTheGroups()
    {
        tree.Folder("/sys/class/iommu/dmar0").Folder("/sys/class/iommu/dmar1")
            .Folder("/sys/kernel/iommu_groups/0").Folder("/sys/kernel/iommu_groups/1").Folder("/sys/kernel/iommu_groups/2")
            .File("/proc/cmdline", "intel_iommu=on\n");

        var findings = await check.RunAsync(new FakeLab(tree.Sysfs).Context(), Token);

        var enabled = Assert.Single(findings, f => f.Id == "iommu.enabled");
        Assert.Equal(FindingSeverity.Ok, enabled.Severity);
        Assert.Equal("enabled: dmar0, dmar1 in /sys/class/iommu, 3 IOMMU groups", enabled.Observed);
        Assert.Equal(FindingSeverity.Info, Assert.Single(findings, f => f.Id == "iommu.cmdline").Severity);
    }

    [Fact]
    public async Task RunAsync_NoIommuWithoutOptIn_ErrorNamesTheUnsafeOptIn()
    {
        tree.File("/proc/cmdline", "ro intel_iommu=on iommu=pt\n");

        var findings = await check.RunAsync(new FakeLab(tree.Sysfs).Context(), Token);

        var enabled = Assert.Single(findings, f => f.Id == "iommu.enabled");
        Assert.Equal(FindingSeverity.Error, enabled.Severity);
        Assert.Contains("explicit opt-in UnsafeNoIommu (vfio's enable_unsafe_noiommu_mode, UNSAFE: no IOMMU isolation)", enabled.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Y\n", "enable_unsafe_noiommu_mode is Y")]
    [InlineData("N\n", "enable_unsafe_noiommu_mode is N (the Virtual functions step sets it to Y)")]
    public async Task RunAsync_NoIommuOptedIn_WarningLabelledUnsafeWithTheParameter(string parameter, string observed)
    {
        tree.File("/proc/cmdline", "ro quiet\n").File("/sys/module/vfio/parameters/enable_unsafe_noiommu_mode", parameter);

        var findings = await check.RunAsync(new FakeLab(tree.Sysfs).Context(new RunSettings { UnsafeNoIommu = true }), Token);

        var enabled = Assert.Single(findings, f => f.Id == "iommu.enabled");
        Assert.Equal(FindingSeverity.Warning, enabled.Severity);
        Assert.StartsWith("UNSAFE: no IOMMU isolation: no IOMMU is active", enabled.Observed, StringComparison.Ordinal);
        Assert.EndsWith(observed, enabled.Observed, StringComparison.Ordinal);
        Assert.Contains("--iova-mode=pa", enabled.Why, StringComparison.Ordinal);
        Assert.Equal(FindingSeverity.Warning, Assert.Single(findings, f => f.Id == "iommu.cmdline").Severity);
    }

    public void Dispose() => tree.Dispose();
}
