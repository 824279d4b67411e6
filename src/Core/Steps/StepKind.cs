namespace VirtSriov.Core.Steps;

/// <summary>The seven steps of a run, in the order they run.</summary>
public enum StepKind
{
    Preflight = 1,
    VirtualFunctions = 2,
    Cluster = 3,
    WorkerVms = 4,
    NodeTuning = 5,
    DevicePlugin = 6,
    DpdkTest = 7,
}
