using VirtSriov.Core.Labs;

namespace VirtSriov.Core.Steps;

/// <summary>A check of the wizard's settings against the lab itself (e.g. the PF exists and has enough VFs).</summary>
public interface IRunSettingsCheck
{
    IReadOnlyList<FieldError> Check(RunSettings settings, ILabEnvironment lab);
}
