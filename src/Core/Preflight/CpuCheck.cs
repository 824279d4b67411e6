using VirtSriov.Core.Host;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Preflight;

/// <summary>CPU vendor (the recipe is for Intel hosts with VT-d) and hardware virtualization (vmx) from /proc/cpuinfo.</summary>
public sealed class CpuCheck : SysfsCheck
{
    public override string Id => "cpu";

    protected override IEnumerable<StepFinding> Check(ISysfs sysfs, RunSettings settings)
    {
        var cpuinfo = TryRead(sysfs, "/proc/cpuinfo") ?? "";
        var vendor = Field(cpuinfo, "vendor_id") ?? "unknown";
        var flags = (Field(cpuinfo, "flags") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        yield return vendor == "GenuineIntel"
            ? new StepFinding("cpu.vendor", FindingSeverity.Ok, "CPU vendor", vendor)
            : new StepFinding(
                "cpu.vendor",
                FindingSeverity.Error,
                "CPU vendor",
                vendor,
                "The recipe passes VFs through the Intel IOMMU (VT-d, intel_iommu=on); other vendors need a different IOMMU setup.",
                "Run the lab on an Intel host.");
        yield return flags.Contains("vmx")
            ? new StepFinding("cpu.virtualization", FindingSeverity.Ok, "Hardware virtualization", "vmx")
            : new StepFinding(
                "cpu.virtualization",
                FindingSeverity.Error,
                "Hardware virtualization",
                "the vmx flag is missing from /proc/cpuinfo",
                "Without VT-x, QEMU cannot use KVM and the worker VMs run far too slowly for OpenShift.",
                "Enable Intel VT-x (and VT-d) in the firmware setup; in a nested lab enable nested virtualization (kvm_intel nested=1) on the outer host.");
    }

    private static string? Field(string cpuinfo, string name) =>
        cpuinfo.Split('\n')
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2 && parts[0].Trim() == name)
            .Select(parts => parts[1].Trim())
            .FirstOrDefault();
}
