namespace VirtSriov.Core.Runs;

public sealed record RunSummary(
    Guid Id,
    Guid LabId,
    string LabName,
    bool LabSimulated,
    RunStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    int StepsSucceeded,
    int StepCount,
    RunTeardown? Teardown = null);
