using VirtSriov.Core.Host;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Preflight;

/// <summary>/dev/kvm: QEMU needs it to run the worker VMs with hardware acceleration.</summary>
public sealed class KvmCheck : SysfsCheck
{
    public override string Id => "kvm";

    protected override IEnumerable<StepFinding> Check(ISysfs sysfs, RunSettings settings)
    {
        yield return sysfs.Exists("/dev/kvm")
            ? new StepFinding("kvm.device", FindingSeverity.Ok, "KVM", "/dev/kvm exists")
            : new StepFinding(
                "kvm.device",
                FindingSeverity.Error,
                "KVM",
                "/dev/kvm does not exist",
                "libvirt starts the worker VMs with KVM; without it QEMU falls back to emulation (TCG), too slow for OpenShift workers.",
                "Load the module (modprobe kvm_intel) after enabling VT-x in the firmware.");
    }
}
