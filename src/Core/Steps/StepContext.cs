using VirtSriov.Core.Labs;

namespace VirtSriov.Core.Steps;

/// <summary>
/// Everything a step may use: the run's settings, the lab's seams, a log, and the clock. For a teardown,
/// <paramref name="Recorded"/> holds the artifacts the step stored in the run (e.g. the domain XML it replaced) and
/// <paramref name="Teardown"/> what the operator consented to.
/// </summary>
public sealed record StepContext(
    Guid RunId,
    RunSettings Settings,
    ILabEnvironment Lab,
    IStepLog Log,
    TimeProvider Time,
    IReadOnlyList<PlanArtifact>? Recorded = null,
    TeardownOptions? Teardown = null);
