using System.Globalization;
using VirtSriov.Core.Host;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Preflight;

/// <summary>
/// Every SR-IOV NIC with its VFs, driver, link and speed, NUMA node and IOMMU group; an Intel one with a supported
/// PF driver is required, and the planned PF must have its link up.
/// </summary>
public sealed class SriovNicsCheck : SysfsCheck
{
    /// <summary>Intel PF drivers whose VFs the recipe has been run with (X710/XL710, E810, 82599/X540/X550, 82576/I350).</summary>
    public static IReadOnlyList<string> IntelPfDrivers { get; } = ["i40e", "ice", "ixgbe", "igb"];

    public override string Id => "sriov";

    protected override IEnumerable<StepFinding> Check(ISysfs sysfs, RunSettings settings)
    {
        var pfs = SriovInventory.ReadPhysicalFunctions(sysfs);
        if (!pfs.Any(pf => pf.IsIntel))
        {
            yield return new StepFinding(
                "sriov.intel",
                FindingSeverity.Error,
                "Intel SR-IOV NIC",
                pfs.Count == 0 ? "no SR-IOV capable PCI function (no sriov_totalvfs in /sys/bus/pci/devices)" : $"only non-Intel SR-IOV NICs: {string.Join(", ", pfs.Select(pf => pf.Address))}",
                "The recipe creates VFs on an Intel NIC (i40e, ice, ixgbe, igb families) and binds them to vfio-pci.",
                "Install an Intel SR-IOV NIC (e.g. X710, E810) and enable SR-IOV for it in the firmware setup.");
        }

        foreach (var pf in pfs)
        {
            yield return Describe(sysfs, pf, planned: pf.Address == settings.PfAddress);
        }
    }

    private static StepFinding Describe(ISysfs sysfs, PhysicalFunctionInfo pf, bool planned)
    {
        var id = $"sriov.nic.{pf.Address}";
        var title = $"SR-IOV NIC {pf.Address}{(planned ? " (planned PF)" : "")}";
        var observed = Observed(sysfs, pf);
        if (!pf.IsIntel)
        {
            return new StepFinding(id, FindingSeverity.Info, title, observed, "Not used: the recipe supports Intel NICs with the Intel IOMMU.");
        }

        if (pf.Driver is null || !IntelPfDrivers.Contains(pf.Driver))
        {
            return new StepFinding(
                id,
                planned ? FindingSeverity.Error : FindingSeverity.Warning,
                title,
                observed,
                $"VFs are created by the PF driver; the recipe knows {string.Join(", ", IntelPfDrivers)}.",
                pf.Driver is null
                    ? $"Bind the PF to its driver: modprobe the driver for {pf.VendorId}:{pf.DeviceId} (e.g. i40e), or echo {pf.Address} > /sys/bus/pci/drivers/<driver>/bind."
                    : $"Use a PF driven by {string.Join(", ", IntelPfDrivers)}.");
        }

        if (!pf.IsLinkUp)
        {
            return new StepFinding(
                id,
                planned ? FindingSeverity.Warning : FindingSeverity.Info,
                title,
                observed,
                "VFs talk to the PF's mailbox and reach the wire through the PF: with the PF link down, VF drivers report \"PF still in reset state\" and testpmd sees no traffic.",
                pf.Netdev is null ? "The PF has no network interface: check that its driver probed it (dmesg)." : $"ip link set {pf.Netdev} up, and check the cable or switch port if the carrier stays down.");
        }

        return new StepFinding(id, FindingSeverity.Ok, title, observed);
    }

    private static string Observed(ISysfs sysfs, PhysicalFunctionInfo pf)
    {
        var link = pf.Netdev is null
            ? "no netdev"
            : $"{pf.Netdev} {pf.OperState ?? "unknown"}{(pf.SpeedMbps is { } speed ? string.Create(CultureInfo.InvariantCulture, $" {speed} Mb/s") : "")}";
        var group = pf.IommuGroup is { } number
            ? string.Create(CultureInfo.InvariantCulture, $"IOMMU group {number}{GroupPeers(sysfs, pf.Address, number)}")
            : "no IOMMU group";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{pf.VendorId}:{pf.DeviceId} {pf.Driver ?? "no driver"}, {link}, {pf.NumVfs} of {pf.TotalVfs} VFs, NUMA node {pf.NumaNode?.ToString(CultureInfo.InvariantCulture) ?? "none"}, {group}");
    }

    /// <summary>Other devices in the PF's IOMMU group, shown because a shared group cannot be split between host and VM.</summary>
    private static string GroupPeers(ISysfs sysfs, string address, int group)
    {
        var peers = sysfs.List(string.Create(CultureInfo.InvariantCulture, $"/sys/kernel/iommu_groups/{group}/devices")).Where(d => d != address).ToList();
        return peers.Count == 0 ? "" : $" (shared with {string.Join(", ", peers)})";
    }
}
