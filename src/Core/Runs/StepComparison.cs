using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Runs;

/// <summary>One step of two runs side by side: status, outcome and how long Apply took.</summary>
public sealed record StepComparison(
    StepKind Step,
    StepStatus StatusA,
    StepStatus StatusB,
    string? OutcomeA,
    string? OutcomeB,
    TimeSpan? DurationA,
    TimeSpan? DurationB);
