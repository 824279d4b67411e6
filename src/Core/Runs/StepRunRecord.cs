using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Runs;

/// <summary>The stored state of one step of one run.</summary>
public sealed record StepRunRecord(
    StepKind Step,
    StepStatus Status,
    IReadOnlyList<StepFinding> Findings,
    StepPlan? Plan,
    string? Outcome = null,
    bool? Changed = null,
    string? Error = null,
    string? Fix = null,
    string? FailedCall = null,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? FinishedAt = null)
{
    public static StepRunRecord Pending(StepKind step) => new(step, StepStatus.Pending, [], null);
}
