using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Runs;

/// <summary>A run with its steps, as stored; <paramref name="Teardown"/> is set once it was torn down (or that failed).</summary>
public sealed record RunRecord(
    Guid Id,
    Guid LabId,
    string LabName,
    bool LabSimulated,
    RunStatus Status,
    RunSettings Settings,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<StepRunRecord> Steps,
    RunTeardown? Teardown = null)
{
    public StepRunRecord Step(StepKind kind) => Steps.FirstOrDefault(s => s.Step == kind) ?? StepRunRecord.Pending(kind);

    /// <summary>The first step of the run's profile that has not succeeded, or null when all have.</summary>
    public StepKind? NextStep =>
        Settings.RunProfile.Steps().Cast<StepKind?>().FirstOrDefault(k => Step(k!.Value).Status != StepStatus.Succeeded);
}
