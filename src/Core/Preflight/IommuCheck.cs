using VirtSriov.Core.Host;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Preflight;

/// <summary>The host IOMMU: active units in /sys/class/iommu, the firmware's DMAR table, IOMMU groups and the kernel arguments that turn it on.</summary>
public sealed class IommuCheck : SysfsCheck
{
    private const string CmdlineFix = "Enable VT-d in the firmware, add \"intel_iommu=on iommu=pt\" to GRUB_CMDLINE_LINUX in /etc/default/grub, run update-grub (or grub2-mkconfig) and reboot.";

    /// <summary>The ACPI table by which the firmware describes VT-d; the file exists (root-only to read) when VT-d is on.</summary>
    public const string DmarTable = "/sys/firmware/acpi/tables/DMAR";

    private const string IommuGroups = "/sys/kernel/iommu_groups";

    public override string Id => "iommu";

    private static string NoIommu(bool dmar) =>
        dmar
            ? "no IOMMU is active: /sys/class/iommu is missing or empty, although the firmware publishes a DMAR table"
            : "no IOMMU is active: /sys/class/iommu is missing or empty, and the firmware publishes no DMAR table (VT-d off or absent)";

    /// <summary>No IOMMU and the operator opted in to vfio's no-IOMMU mode: a warning labelled unsafe, with the module parameter's state.</summary>
    private static StepFinding NoIommuOptedIn(ISysfs sysfs, bool dmar)
    {
        var enabled = UnsafeNoIommu.IsEnabled(sysfs);
        var parameter = enabled switch
        {
            true => "enable_unsafe_noiommu_mode is Y",
            false => "enable_unsafe_noiommu_mode is N (the Virtual functions step sets it to Y)",
            null => "vfio is not loaded, so enable_unsafe_noiommu_mode cannot be read",
        };
        return new StepFinding(
            "iommu.enabled",
            FindingSeverity.Warning,
            "IOMMU",
            $"{UnsafeNoIommu.Label}: {NoIommu(dmar)}; {UnsafeNoIommu.Field} is on and {parameter}",
            UnsafeNoIommu.Consequences,
            enabled is null
                ? "modprobe vfio enable_unsafe_noiommu_mode=1 (or vfio-pci, which loads vfio), then examine again."
                : "Nothing to do for the opt-in; for isolation enable VT-d and intel_iommu=on, then turn the opt-in off.");
    }

    protected override IEnumerable<StepFinding> Check(ISysfs sysfs, RunSettings settings)
    {
        var units = sysfs.List("/sys/class/iommu");
        var groups = sysfs.List(IommuGroups).Count;
        var dmar = sysfs.Exists(DmarTable);
        yield return units.Count > 0 ? new StepFinding("iommu.enabled", FindingSeverity.Ok, "IOMMU", $"enabled: {string.Join(", ", units)} in /sys/class/iommu, {groups} IOMMU groups")
            : settings.UnsafeNoIommu ? NoIommuOptedIn(sysfs, dmar)
            : new StepFinding(
                "iommu.enabled",
                FindingSeverity.Error,
                "IOMMU",
                NoIommu(dmar),
                "vfio-pci hands a VF to a VM only through the IOMMU; without it there are no IOMMU groups and no /dev/vfio devices.",
                (dmar ? CmdlineFix : "Enable VT-d (\"Intel Virtualization Technology for Directed I/O\") in the firmware setup, then add \"intel_iommu=on iommu=pt\" to GRUB_CMDLINE_LINUX in /etc/default/grub, run update-grub (or grub2-mkconfig) and reboot.")
                + $" Where no IOMMU can be had (a worker without a vIOMMU, a throw-away lab), DPDK can still run on this machine with the explicit opt-in {UnsafeNoIommu.Field} (vfio's enable_unsafe_noiommu_mode, {UnsafeNoIommu.Label}).");

        var arguments = (TryRead(sysfs, "/proc/cmdline") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var intelOn = arguments.Contains("intel_iommu=on");
        var passthrough = arguments.Contains("iommu=pt");
        var observed = $"intel_iommu=on {(intelOn ? "present" : "missing")}, iommu=pt {(passthrough ? "present" : "missing")} in /proc/cmdline";
        yield return (intelOn, passthrough) switch
        {
            (true, true) => new StepFinding("iommu.cmdline", FindingSeverity.Ok, "IOMMU kernel arguments", observed),
            (true, false) => new StepFinding(
                "iommu.cmdline",
                FindingSeverity.Info,
                "IOMMU kernel arguments",
                observed,
                "iommu=pt keeps host devices in passthrough mode, so only the devices given to VMs pay for IOMMU translation.",
                CmdlineFix),
            _ => new StepFinding(
                "iommu.cmdline",
                units.Count > 0 || settings.UnsafeNoIommu ? FindingSeverity.Warning : FindingSeverity.Error,
                "IOMMU kernel arguments",
                observed,
                units.Count > 0
                    ? "The IOMMU is on by the kernel's default build option; an explicit intel_iommu=on keeps it on across kernel updates."
                    : "Most distribution kernels leave the Intel IOMMU off unless intel_iommu=on is given.",
                CmdlineFix),
        };
    }
}
