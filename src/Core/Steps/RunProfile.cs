namespace VirtSriov.Core.Steps;

/// <summary>Which steps a run has: the whole chain to the pod test, or only the hypervisor's layer.</summary>
public enum RunProfile
{
    /// <summary>All seven steps: hypervisor, cluster, and the DPDK test in a pod.</summary>
    Full = 0,

    /// <summary>
    /// Preflight, Virtual functions, Worker VMs and the DPDK test inside a worker VM: proves the VM layer before a
    /// cluster exists. The workers are the domains named in the settings; no cluster step runs.
    /// </summary>
    HypervisorOnly = 1,
}

/// <summary>The steps of each profile, in the order they run, and the name people read.</summary>
public static class RunProfiles
{
    private static readonly StepKind[] AllSteps = Enum.GetValues<StepKind>();

    private static readonly StepKind[] HypervisorSteps = [StepKind.Preflight, StepKind.VirtualFunctions, StepKind.WorkerVms, StepKind.DpdkTest];

    public static IReadOnlyList<StepKind> Steps(this RunProfile profile) => profile == RunProfile.HypervisorOnly ? HypervisorSteps : AllSteps;

    public static bool Includes(this RunProfile profile, StepKind step) => profile.Steps().Contains(step);

    public static string DisplayName(this RunProfile profile) => profile switch
    {
        RunProfile.HypervisorOnly => "Hypervisor only",
        _ => "Full",
    };
}

/// <summary>
/// A step implementation for one profile only: it replaces the general implementation of its <see cref="IRunStep.Kind"/>
/// in runs of that profile (the DPDK test inside a worker VM instead of in a pod).
/// </summary>
public interface IProfileStep : IRunStep
{
    RunProfile Profile { get; }
}
