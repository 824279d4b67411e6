using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Runs;

public sealed record ThroughputPoint(long Sequence, DateTimeOffset At, ThroughputSample Sample);
