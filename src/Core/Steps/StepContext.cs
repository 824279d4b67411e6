using VirtSriov.Core.Labs;

namespace VirtSriov.Core.Steps;

/// <summary>Everything a step may use: the run's settings, the lab's seams, a log, and the clock.</summary>
public sealed record StepContext(
    Guid RunId,
    RunSettings Settings,
    ILabEnvironment Lab,
    IStepLog Log,
    TimeProvider Time);
