using VirtSriov.Core.Labs;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Host;

/// <summary>Checks the PF and VF counts of the wizard's settings against the lab's sysfs before a run opens.</summary>
public sealed class VfSettingsCheck : IRunSettingsCheck
{
    public IReadOnlyList<FieldError> Check(RunSettings settings, ILabEnvironment lab) =>
        VfSettingsValidator.Validate(settings, lab.Sysfs);
}
