using System.Globalization;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Host;

/// <summary>Computes the Virtual functions plan from the PF's state; pure.</summary>
internal static class VfPlanner
{
    public const string VfioDriver = "vfio-pci";

    public static VfPlan Build(RunSettings settings, PhysicalFunctionInfo pf, IReadOnlyList<VirtualFunctionInfo> vfs)
    {
        var targetCount = settings.VfCount;
        var first = PciAddress.Parse(pf.Address);
        var predicted = Enumerable.Range(0, targetCount)
            .Select(i => first.AddRoutingId(pf.VfOffset + (i * pf.VfStride)).ToString())
            .ToList();
        var changesCount = pf.NumVfs != targetCount;
        var toBind = changesCount ? predicted : vfs.Where(vf => vf.Driver != VfioDriver).Select(vf => vf.Address).ToList();
        return new VfPlan(
            pf.Address,
            pf.Netdev,
            BringLinkUp: pf.AdminUp == false,
            DisableAutoprobe: pf.DriversAutoprobe,
            pf.NumVfs,
            targetCount,
            RemoveFirst: changesCount && pf.NumVfs != 0 && targetCount != 0,
            predicted,
            toBind)
        {
            Links = pf.Netdev is null ? [] : predicted.Select((address, index) => Link(settings, pf, index, address)).ToList(),
        };
    }

    /// <summary>The MAC of VF <paramref name="index"/>: the prefix, then the PF's bus and device/function, then the index.</summary>
    public static string? Mac(string prefix, PciAddress pf, int index) =>
        prefix.Length == 0
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"{prefix.ToLowerInvariant()}:{pf.Bus:x2}:{(pf.Device << 3) | pf.Function:x2}:{index:x2}");

    private static VfLinkPlan Link(RunSettings settings, PhysicalFunctionInfo pf, int index, string address) =>
        new(index, address, Mac(settings.VfMacPrefix, PciAddress.Parse(pf.Address), index), settings.VfTrust, settings.VfSpoofCheck, settings.VfVlan ?? 0);

    public static IReadOnlyList<PlannedChange> Changes(VfPlan plan, IReadOnlyList<VirtualFunctionInfo> vfs, IReadOnlyList<VfLinkAttributes> links)
    {
        var pf = SysfsPaths.Device(plan.PfAddress);
        var changes = new List<PlannedChange>();
        if (plan.BringLinkUp)
        {
            changes.Add(new(SysfsPaths.NetFlags(plan.PfNetdev!), $"set {plan.PfNetdev} up: VFs reach the PF's mailbox only while the PF is up"));
        }

        if (plan.DisableAutoprobe)
        {
            changes.Add(new($"{pf}/sriov_drivers_autoprobe", "1 → 0: new VFs stay unbound until they are bound to vfio-pci"));
        }

        if (plan.ChangesCount && plan.CurrentCount != 0)
        {
            changes.Add(new(
                $"{pf}/sriov_numvfs",
                plan.RemoveFirst
                    ? $"{plan.CurrentCount} → 0: remove the current VFs first (the kernel refuses a new count over a non-zero one)"
                    : $"{plan.CurrentCount} → 0: remove the VFs"));
        }

        if (plan.ChangesCount && plan.TargetCount != 0)
        {
            changes.Add(new(
                $"{pf}/sriov_numvfs",
                $"0 → {plan.TargetCount}: create VFs {plan.PredictedVfAddresses[0]} … {plan.PredictedVfAddresses[^1]}"));
        }

        foreach (var link in plan.Links)
        {
            var current = plan.ChangesCount ? null : links.FirstOrDefault(l => l.Index == link.Index);
            if (link.SettingsFrom(current) is { Count: > 0 } settings)
            {
                changes.Add(new(
                    $"ip link set dev {plan.PfNetdev} vf {link.Index.ToString(CultureInfo.InvariantCulture)}",
                    $"{string.Join(' ', settings)} ({link.Address}, set on the PF before binding: a VF may not choose these itself)"));
            }
        }

        foreach (var address in plan.VfsToBind)
        {
            var driver = plan.ChangesCount ? null : vfs.FirstOrDefault(vf => vf.Address == address)?.Driver;
            changes.Add(new(
                SysfsPaths.DriverOverride(address),
                driver is null ? $"bind {address} to {VfioDriver}" : $"bind {address} to {VfioDriver} (now {driver})"));
        }

        return changes;
    }

    public static string Summary(VfPlan plan, bool linksChange) => plan switch
    {
        { TargetCount: 0, ChangesCount: false } => $"{plan.PfAddress} has no VFs and none are wanted; nothing to do.",
        { TargetCount: 0 } => $"Remove the {plan.CurrentCount} VFs of {plan.PfAddress}.",
        { ChangesCount: true } => $"Create {plan.TargetCount} VFs on {plan.PfAddress} ({plan.PfNetdev ?? "no netdev"}, now {plan.CurrentCount}) and bind them to {VfioDriver}.",
        { VfsToBind.Count: > 0 } => $"Bind {plan.VfsToBind.Count} of the {plan.TargetCount} VFs of {plan.PfAddress} to {VfioDriver}.",
        _ when linksChange => $"{plan.PfAddress} already has {plan.TargetCount} VFs on {VfioDriver}; their MAC, trust, spoof checking or VLAN change.",
        _ when plan.BringLinkUp || plan.DisableAutoprobe => $"{plan.PfAddress} already has {plan.TargetCount} VFs on {VfioDriver}; only PF settings change.",
        _ => $"{plan.PfAddress} already has {plan.TargetCount} VFs bound to {VfioDriver}; nothing to do.",
    };
}
