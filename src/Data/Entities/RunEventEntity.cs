using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;

namespace VirtSriov.Data.Entities;

/// <summary>One row of the append-only event log; rows are inserted, never updated.</summary>
public sealed class RunEventEntity
{
    public Guid RunId { get; set; }

    public long Sequence { get; set; }

    public DateTimeOffset At { get; set; }

    public RunEventKind Kind { get; set; }

    public StepKind? Step { get; set; }

    public RunLogLevel Level { get; set; }

    public required string Text { get; set; }

    public StepStatus? StepStatus { get; set; }

    public RunStatus? RunStatus { get; set; }

    public ThroughputSampleEntity? Sample { get; set; }
}
