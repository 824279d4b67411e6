using VirtSriov.Core.Runs;

namespace VirtSriov.Cli.LabRun;

/// <summary>A log line or throughput sample of the lab run, seconds after its start.</summary>
public sealed record LabLogEntry(double AtSeconds, StepKind Step, RunLogLevel Level, string Text, ThroughputSample? Sample = null);
