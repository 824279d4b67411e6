using System.Globalization;
using VirtSriov.Core.Host;
using VirtSriov.Core.Runs;

namespace VirtSriov.Core.Preflight;

/// <summary>Every SR-IOV NIC with its VFs, link and NUMA node; an Intel one is required.</summary>
public sealed class SriovNicsCheck : SysfsCheck
{
    public override string Id => "sriov";

    protected override IEnumerable<StepFinding> Check(ISysfs sysfs)
    {
        var pfs = SriovInventory.ReadPhysicalFunctions(sysfs);
        if (!pfs.Any(pf => pf.IsIntel))
        {
            yield return new StepFinding(
                "sriov.intel",
                FindingSeverity.Error,
                "Intel SR-IOV NIC",
                pfs.Count == 0 ? "no SR-IOV capable PCI function (no sriov_totalvfs in /sys/bus/pci/devices)" : $"only non-Intel SR-IOV NICs: {string.Join(", ", pfs.Select(pf => pf.Address))}",
                "The recipe creates VFs on an Intel NIC (i40e, ice, igb families) and binds them to vfio-pci.",
                "Install an Intel SR-IOV NIC (e.g. X710, E810) and enable SR-IOV for it in the firmware setup.");
        }

        foreach (var pf in pfs)
        {
            var observed = string.Create(
                CultureInfo.InvariantCulture,
                $"{pf.VendorId}:{pf.DeviceId} {pf.Driver ?? "no driver"}, {pf.Netdev ?? "no netdev"} {pf.OperState ?? ""}, {pf.NumVfs} of {pf.TotalVfs} VFs, NUMA node {pf.NumaNode?.ToString(CultureInfo.InvariantCulture) ?? "none"}, IOMMU group {pf.IommuGroup?.ToString(CultureInfo.InvariantCulture) ?? "none"}");
            yield return pf.IsIntel
                ? new StepFinding($"sriov.nic.{pf.Address}", FindingSeverity.Ok, $"SR-IOV NIC {pf.Address}", observed)
                : new StepFinding($"sriov.nic.{pf.Address}", FindingSeverity.Info, $"SR-IOV NIC {pf.Address}", observed, "Not used: the recipe supports Intel NICs with the Intel IOMMU.");
        }
    }
}
