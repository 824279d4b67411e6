using VirtSriov.Core.Preflight;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tests.Preflight.Support;
using VirtSriov.Core.Tests.TestSupport;
using VirtSriov.TestDoubles;

namespace VirtSriov.Core.Tests.Preflight;

public sealed class InterruptRemappingCheckTests : IDisposable
{
    private const string NoRemapping = "  0:  28  0  IO-APIC  2-edge  timer\n 24:  0  0  PCI-MSI 512000-edge  eth0\n";
    private readonly PreflightTestTree tree = new();
    private readonly InterruptRemappingCheck check = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_SimulatedLab_ReportsRemappedChipsAndEcapBit()
    {
        using var simulated = new HostTestTree();

        var finding = Assert.Single(await check.RunAsync(new FakeLab(simulated.Sysfs).Context(), Token));

        Assert.Equal(FindingSeverity.Ok, finding.Severity);
        Assert.Equal("on: IR-IO-APIC, IR-PCI-MSIX in /proc/interrupts; dmar0 ecap IR=1", finding.Observed);
    }

    [Fact]
    public async Task RunAsync_NoIommuUnit_IsInfoPointingToTheIommuFinding()
    {
        tree.File("/proc/interrupts", NoRemapping);

        var finding = Assert.Single(await check.RunAsync(new FakeLab(tree.Sysfs).Context(), Token));

        Assert.Equal(FindingSeverity.Info, finding.Severity);
        Assert.Contains("iommu.enabled", finding.Observed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SupportedButUnused_IsErrorWithTheX2apicFix()
    {
        Unit("f050da").File("/proc/interrupts", NoRemapping).File("/proc/cmdline", "ro quiet intel_iommu=on\n");

        var finding = Assert.Single(await check.RunAsync(new FakeLab(tree.Sysfs).Context(), Token));

        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Equal("off: no IR- interrupt chip in /proc/interrupts; dmar0 ecap IR=1", finding.Observed);
        Assert.Contains("x2APIC", finding.Fix, StringComparison.Ordinal);
        Assert.Contains("No interrupt remapping support", finding.Why, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_IntremapOffOnCmdline_FixRemovesIt()
    {
        Unit("f050da").File("/proc/interrupts", NoRemapping).File("/proc/cmdline", "ro intel_iommu=on intremap=off\n");

        var finding = Assert.Single(await check.RunAsync(new FakeLab(tree.Sysfs).Context(), Token));

        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Contains("intremap=off on the kernel command line", finding.Observed, StringComparison.Ordinal);
        Assert.StartsWith("Remove intremap=off", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnsupportedWithUnsafeInterruptsAllowed_IsWarningNamingTheModuleOption()
    {
        Unit("f050d2").File("/proc/interrupts", NoRemapping)
            .File("/sys/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts", "Y\n");

        var finding = Assert.Single(await check.RunAsync(new FakeLab(tree.Sysfs).Context(), Token));

        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Contains("dmar0 ecap IR=0", finding.Observed, StringComparison.Ordinal);
        Assert.Contains("allow_unsafe_interrupts=Y", finding.Observed, StringComparison.Ordinal);
        Assert.Contains("allow_unsafe_interrupts=1", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_InterruptsUnreadable_IsWarningUnknown()
    {
        Unit("f050da");

        var finding = Assert.Single(await check.RunAsync(new FakeLab(tree.Sysfs).Context(), Token));

        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.StartsWith("unknown: /proc/interrupts is not readable", finding.Observed, StringComparison.Ordinal);
    }

    public void Dispose() => tree.Dispose();

    private PreflightTestTree Unit(string ecap) =>
        tree.File("/sys/devices/virtual/iommu/dmar0/intel-iommu/ecap", ecap + "\n")
            .Link("/sys/class/iommu/dmar0", "../../devices/virtual/iommu/dmar0");
}
