using VirtSriov.Core.Preflight;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tests.Preflight.Support;
using VirtSriov.TestDoubles;

namespace VirtSriov.Core.Tests.Preflight;

public sealed class VfioModulesCheckTests : IDisposable
{
    private const string Release = "6.1.0-27-amd64";
    private readonly PreflightTestTree tree = new();
    private readonly VfioModulesCheck check = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_AllLoaded_IsOk()
    {
        tree.Folder("/sys/module/vfio").Folder("/sys/module/vfio_pci").Folder("/sys/module/vfio_iommu_type1");

        var finding = Assert.Single(await check.RunAsync(new FakeLab(tree.Sysfs).Context(), Token));

        Assert.Equal(FindingSeverity.Ok, finding.Severity);
    }

    [Fact]
    public async Task RunAsync_LoadableFromModulesDep_IsWarningWithModprobeOfTheMissingOnes()
    {
        tree.Folder("/sys/module/vfio").File("/proc/sys/kernel/osrelease", Release + "\n")
            .File($"/lib/modules/{Release}/modules.dep", "kernel/drivers/vfio/pci/vfio-pci.ko.xz: kernel/drivers/vfio/vfio.ko.xz\nkernel/drivers/vfio/vfio_iommu_type1.ko.xz: kernel/drivers/vfio/vfio.ko.xz\n");

        var finding = Assert.Single(await check.RunAsync(new FakeLab(tree.Sysfs).Context(), Token));

        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Equal($"vfio_pci, vfio_iommu_type1 not loaded (available in kernel {Release})", finding.Observed);
        Assert.StartsWith("modprobe vfio-pci vfio-iommu-type1", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NeitherLoadedNorInstalled_IsErrorNamingTheKernel()
    {
        tree.File("/proc/sys/kernel/osrelease", Release + "\n");

        var finding = Assert.Single(await check.RunAsync(new FakeLab(tree.Sysfs).Context(), Token));

        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Equal($"vfio, vfio_pci, vfio_iommu_type1 neither loaded nor found in /lib/modules/{Release}", finding.Observed);
        Assert.Contains(Release, finding.Fix, StringComparison.Ordinal);
    }

    public void Dispose() => tree.Dispose();
}
