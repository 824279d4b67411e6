using VirtSriov.Core.Libvirt;

namespace VirtSriov.Core.Tests.Libvirt;

/// <summary>QEMU's own error texts for a worker that cannot start with its VFs, named with their fix.</summary>
public sealed class WorkerStartFailureTests
{
    [Theory]
    [InlineData("internal error: qemu unexpectedly closed the monitor: 2026-11-27T10:00:00.000000Z qemu-system-x86_64: -device vfio-pci,host=0000:3b:02.0: VFIO_MAP_DMA failed: Cannot allocate memory", "VFIO_MAP_DMA", "hard_limit")]
    [InlineData("qemu-system-x86_64: -device vfio-pci,host=0000:3b:02.0: vfio 0000:3b:02.0: group 42 is not viable\nPlease ensure all devices within the iommu_group are bound to their vfio bus driver.", "not viable", "iommu_groups")]
    [InlineData("qemu-system-x86_64: We need to set caching-mode=on for intel-iommu to enable device assignment with IOMMU protection.", "caching mode", "caching_mode='on'")]
    [InlineData("qemu-system-x86_64: Intel Interrupt Remapping cannot work with kernel-irqchip=on, please use 'split|off'.", "interrupt remapping", "ioapic driver='qemu'")]
    public void Explain_QemuError_NamesTheCauseAndTheFix(string error, string cause, string fix)
    {
        var named = WorkerStartFailure.Explain("virtsriov-worker-0", error);

        Assert.NotNull(named);
        Assert.Contains(cause, named.Value.Cause, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(fix, named.Value.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_UnrelatedError_IsNull()
    {
        Assert.Null(WorkerStartFailure.Explain("virtsriov-worker-0", "Requested operation is not valid: domain is already running"));
    }
}
