namespace VirtSriov.Core.Libvirt;

/// <summary>
/// Names why libvirt/QEMU could not start a worker with its VFs, from the error text QEMU relays, with the fix:
/// VFIO could not pin the guest's RAM (memlock), the VF's IOMMU group is not viable, or the vIOMMU lacks interrupt
/// remapping or caching mode. Null when the text matches none of them.
/// </summary>
public static class WorkerStartFailure
{
    public static (string Cause, string Fix)? Explain(string worker, string error)
    {
        if (Has(error, "VFIO_MAP_DMA") || Has(error, "vfio_dma_map") || (Has(error, "vfio") && Has(error, "Cannot allocate memory")) || Has(error, "RLIMIT_MEMLOCK"))
        {
            return (
                "VFIO could not pin the guest's RAM for DMA (VFIO_MAP_DMA: locked-memory limit too low, or more mappings than vfio's dma_entry_limit).",
                $"Give {worker} a <memtune><hard_limit> of its RAM plus 1 GiB (this step's plan sets it; check `virsh memtune {worker}`) so libvirt raises QEMU's RLIMIT_MEMLOCK; "
                    + "with a vIOMMU and 4 KiB pages also back the worker with hugepages or raise vfio_iommu_type1.dma_entry_limit (see the plan's warning).");
        }

        if (Has(error, "is not viable"))
        {
            return (
                "The VF's IOMMU group is not viable: another device of the group is not bound to vfio-pci.",
                "List /sys/kernel/iommu_groups/N/devices of the VF's group and bind every device in it to vfio-pci (or unbind it); a PF and its VFs in one group need ACS on the upstream port, then apply again.");
        }

        if (Has(error, "caching-mode") || Has(error, "caching_mode"))
        {
            return (
                "The Intel vIOMMU has no caching mode, which QEMU needs to assign a device behind it.",
                $"Set <iommu model='intel'><driver caching_mode='on' intremap='on'/></iommu> in {worker} (this step's plan does; `virsh dumpxml {worker}` shows whether it was kept), then apply again.");
        }

        if (Has(error, "intremap") || Has(error, "Interrupt Remapping") || Has(error, "kernel-irqchip"))
        {
            return (
                "The Intel vIOMMU's interrupt remapping is missing or clashes with the irqchip: QEMU needs intremap='on' with <ioapic driver='qemu'/> (kernel-irqchip=split).",
                $"Set <features><ioapic driver='qemu'/></features> and <iommu model='intel'><driver intremap='on' caching_mode='on'/></iommu> in {worker}, then apply again.");
        }

        return null;
    }

    /// <summary>The worker's RAM is above the lab's ceiling (<see cref="Steps.RunSettings.MaxWorkerMemoryMiB"/>): its VF BARs would land above 4 GiB.</summary>
    public static (string Cause, string Fix) VfBarsAbove4GiB(string worker, long memoryMiB, int maxMiB) => (
        $"{worker} has {memoryMiB} MiB of RAM, above this lab's ceiling of {maxMiB} MiB: the firmware would open a 64-bit PCI window above its RAM "
            + "and place the VF's BARs above 4 GiB, where the lab's QEMU loses every VF register access (no mailbox, link down, every packet dropped).",
        $"Give {worker} at most {maxMiB} MiB (virsh setmaxmem {worker} {maxMiB}M --config; virsh setmem {worker} {maxMiB}M --config), then inspect again.");

    private static bool Has(string text, string part) => text.Contains(part, StringComparison.OrdinalIgnoreCase);
}
