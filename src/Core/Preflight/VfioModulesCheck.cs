using VirtSriov.Core.Host;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Preflight;

/// <summary>vfio, vfio-pci and vfio_iommu_type1: loaded (/sys/module), or at least available to modprobe (modules.dep).</summary>
public sealed class VfioModulesCheck : SysfsCheck
{
    private static readonly string[] Modules = ["vfio", "vfio_pci", "vfio_iommu_type1"];

    public override string Id => "vfio";

    protected override IEnumerable<StepFinding> Check(ISysfs sysfs, RunSettings settings)
    {
        var missing = Modules.Where(module => !sysfs.Exists($"/sys/module/{module}")).ToList();
        if (missing.Count == 0)
        {
            yield return new StepFinding("vfio.modules", FindingSeverity.Ok, "VFIO modules", "vfio, vfio_pci and vfio_iommu_type1 are loaded");
            yield break;
        }

        var release = TryRead(sysfs, "/proc/sys/kernel/osrelease")?.Trim() ?? "";
        var available = (TryRead(sysfs, $"/lib/modules/{release}/modules.dep") ?? "") + (TryRead(sysfs, $"/lib/modules/{release}/modules.builtin") ?? "");
        var unavailable = missing.Where(module => !available.Contains($"/{module.Replace('_', '-')}.ko", StringComparison.Ordinal)
                                                   && !available.Contains($"/{module}.ko", StringComparison.Ordinal)).ToList();
        var modprobe = $"modprobe {string.Join(" ", missing.Select(m => m.Replace('_', '-')))}";
        yield return unavailable.Count == 0
            ? new StepFinding(
                "vfio.modules",
                FindingSeverity.Warning,
                "VFIO modules",
                $"{string.Join(", ", missing)} not loaded (available in kernel {release})",
                "The VFs are bound to vfio-pci before they are passed to the workers.",
                $"{modprobe}, and list them in /etc/modules-load.d/vfio.conf so they load at boot.")
            : new StepFinding(
                "vfio.modules",
                FindingSeverity.Error,
                "VFIO modules",
                $"{string.Join(", ", unavailable)} neither loaded nor found in /lib/modules/{release}",
                "The VFs are bound to vfio-pci before they are passed to the workers.",
                $"Install the kernel's module package (e.g. linux-modules-extra for kernel {release}), then {modprobe}.");
    }
}
