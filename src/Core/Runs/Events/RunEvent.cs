using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Runs.Events;

/// <summary>
/// One thing that happened in a run. <see cref="Sequence"/> is 1, 2, 3… per run with no gaps;
/// events are stored before they are broadcast, so a client that saw up to N can replay from N.
/// </summary>
public sealed record RunEvent(
    Guid RunId,
    long Sequence,
    DateTimeOffset At,
    RunEventKind Kind,
    StepKind? Step,
    string Text,
    RunLogLevel Level = RunLogLevel.Info,
    StepStatus? StepStatus = null,
    RunStatus? RunStatus = null,
    ThroughputSample? Sample = null);
