namespace VirtSriov.Core.Testpmd;

/// <summary>A testpmd run in a worker VM: its output's summary and the uid the process ran as (null when it ended before its first statistics).</summary>
public sealed record WorkerTestpmdRun(TestpmdSummary Summary, int? Uid);
