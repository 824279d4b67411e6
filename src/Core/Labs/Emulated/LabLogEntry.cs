using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Labs.Emulated;

/// <summary>A log line or throughput sample of the lab run, seconds after its start.</summary>
public sealed record LabLogEntry(double AtSeconds, StepKind Step, RunLogLevel Level, string Text, ThroughputSample? Sample = null);
