using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;

namespace VirtSriov.Data.Entities;

public sealed class StepRunEntity
{
    public Guid RunId { get; set; }

    public StepKind Step { get; set; }

    public StepStatus Status { get; set; }

    /// <summary>The step's <see cref="StepFinding"/> list serialized with <see cref="RunJson.Options"/>.</summary>
    public required string FindingsJson { get; set; }

    /// <summary>The <see cref="StepPlan"/> serialized with <see cref="RunJson.Options"/>, null before planning.</summary>
    public string? PlanJson { get; set; }

    public string? Outcome { get; set; }

    public bool? Changed { get; set; }

    public string? Error { get; set; }

    public string? Fix { get; set; }

    public string? FailedCall { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }
}
