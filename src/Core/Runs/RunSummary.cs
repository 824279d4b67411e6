namespace VirtSriov.Core.Runs;

/// <summary>A run as the history lists it; <paramref name="Throughput"/> is null until a DPDK test stored samples.</summary>
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
    RunTeardown? Teardown = null,
    int VfCount = 0,
    int WorkerCount = 0,
    RunThroughput? Throughput = null);
