namespace VirtSriov.Core.Host;

/// <summary>
/// Kernel log lines of the SR-IOV path named with their cause and fix (field note 14, emulated-lab.md): the VF driver
/// probed before the PF re-initialised, VF registers unreachable (random MACs), DMAR faults, vfio errors. One cause per
/// kind, with the first line that showed it.
/// </summary>
public static class KernelLogCauses
{
    private static readonly (string Cause, string Fix, Func<string, bool> Matches)[] Rules =
    [
        (
            "a VF driver probed before the PF re-initialised (\"PF still in reset state\")",
            "Keep the PF up, set sriov_drivers_autoprobe to 0 while writing sriov_numvfs, wait until the PF is back (its link up again), then bind the VFs; the Virtual functions step does this. If it still shows, check the PF interface is up.",
            line => Has(line, "PF still in reset state")),
        (
            "VFs took random MAC addresses: their registers or the PF mailbox are unreachable",
            "Set each VF's MAC on the PF (ip link set PF vf N mac …) after the PF is back; in a QEMU-emulated igb keep the VF BARs below 4 GiB (-global q35-pcihost.pci-hole64-size=0). A VF whose link stays down forwards nothing.",
            line => Has(line, "random MAC") || (Has(line, "vf") && Has(line, "Link is Down"))),
        (
            "the IOMMU blocked a device's DMA (DMAR fault)",
            "A device wrote to an address not mapped for it: check that the VF is bound to vfio-pci only while a VM or DPDK owns it, that the guest's vIOMMU has caching_mode on, and the DMAR fault's device address in the line.",
            line => Has(line, "DMAR") && (Has(line, "fault") || Has(line, "[DMA Read") || Has(line, "[DMA Write"))),
        (
            "vfio reported an error",
            "Read the line: a group not viable needs every device of the IOMMU group on vfio-pci; a DMA mapping failure needs a higher memlock limit or dma_entry_limit.",
            line => Has(line, "vfio") && (Has(line, "fail") || Has(line, "error") || Has(line, "not viable") || Has(line, "refus"))),
    ];

    public static IReadOnlyList<KernelLogCause> Name(IEnumerable<string> lines)
    {
        var all = lines.ToList();
        return Rules
            .Select(rule => (rule, line: all.FirstOrDefault(rule.Matches)))
            .Where(found => found.line is not null)
            .Select(found => new KernelLogCause(found.rule.Cause, found.rule.Fix, found.line!.Trim()))
            .ToList();
    }

    private static bool Has(string line, string part) => line.Contains(part, StringComparison.OrdinalIgnoreCase);
}
