using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Host;

/// <summary>What the Virtual functions step reports on Inspect: the PF, its VFs, their drivers and the PF link.</summary>
internal static class VfFindings
{
    public static IReadOnlyList<StepFinding> Inspect(RunSettings settings, ISysfs sysfs)
    {
        var pfErrors = VfSettingsValidator.Validate(settings, sysfs).Where(e => e.Field == nameof(RunSettings.PfAddress)).ToList();
        if (pfErrors.Count > 0)
        {
            return [new StepFinding(
                "vf.pf",
                FindingSeverity.Error,
                "SR-IOV physical function",
                pfErrors[0].Message,
                "The recipe creates VFs on an Intel SR-IOV NIC and passes them to the workers through the Intel IOMMU.",
                "Choose an Intel SR-IOV PF in the wizard (PF address).")];
        }

        var pf = SriovInventory.ReadPhysicalFunction(sysfs, settings.PfAddress)!;
        var vfs = SriovInventory.ReadVirtualFunctions(sysfs, pf.Address);
        return
        [
            new StepFinding(
                "vf.pf",
                FindingSeverity.Ok,
                "SR-IOV physical function",
                $"{pf.Address} {pf.VendorId}:{pf.DeviceId} ({pf.Driver ?? "no driver"}), {pf.Netdev ?? "no netdev"}, NUMA node {pf.NumaNode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, sriov_totalvfs {pf.TotalVfs}"),
            new StepFinding(
                "vf.count",
                pf.NumVfs == settings.VfCount ? FindingSeverity.Ok : FindingSeverity.Info,
                "Number of VFs",
                $"sriov_numvfs is {pf.NumVfs}; {settings.VfCount} wanted",
                pf.NumVfs == settings.VfCount ? "" : "Apply changes the count (writing 0 first when VFs exist)."),
            VfDrivers(vfs),
            Link(pf),
        ];
    }

    private static StepFinding VfDrivers(IReadOnlyList<VirtualFunctionInfo> vfs)
    {
        var observed = vfs.Count == 0
            ? "no VFs"
            : string.Join(", ", vfs.Select(vf => $"{vf.Address} {vf.Driver ?? "unbound"}"));
        return vfs.All(vf => vf.Driver == VfPlanner.VfioDriver)
            ? new StepFinding("vf.drivers", FindingSeverity.Ok, "VF drivers", observed)
            : new StepFinding("vf.drivers", FindingSeverity.Info, "VF drivers", observed, "Workers get VFs through vfio-pci; Apply binds them.");
    }

    private static StepFinding Link(PhysicalFunctionInfo pf) => pf switch
    {
        { Netdev: null } => new StepFinding("vf.pf.link", FindingSeverity.Warning, "PF link", "the PF has no network interface", "The VFs talk to the PF driver through its mailbox; without a PF netdev the driver may not be bound.", "Bind the PF to its driver (e.g. i40e, ice)."),
        { IsLinkUp: true } => new StepFinding("vf.pf.link", FindingSeverity.Ok, "PF link", $"{pf.Netdev} up, {pf.SpeedMbps?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} Mb/s"),
        { AdminUp: false } => new StepFinding("vf.pf.link", FindingSeverity.Warning, "PF link", $"{pf.Netdev} is down", "A VF driver that starts while the PF is down sees \"PF still in reset state\" and takes a random MAC.", $"Apply sets it up (ip link set {pf.Netdev} up)."),
        _ => new StepFinding("vf.pf.link", FindingSeverity.Warning, "PF link", $"{pf.Netdev} is up without carrier ({pf.OperState})", "Traffic between VMs through the NIC's switch works, but nothing leaves the host.", "Check the cable or switch port."),
    };
}
