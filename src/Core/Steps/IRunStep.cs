namespace VirtSriov.Core.Steps;

/// <summary>
/// One wizard step. Inspect never changes anything; Plan is pure (same state and settings, same plan);
/// Apply makes the planned change idempotently and verifies it (a second Apply reports Changed = false).
/// </summary>
public interface IRunStep
{
    StepKind Kind { get; }

    /// <summary>Title shown in the wizard, e.g. "Virtual functions".</summary>
    string Title { get; }

    /// <summary>Where the real (non-simulated) implementation is still thin, say so here; null when complete.</summary>
    string? Limitations { get; }

    Task<IReadOnlyList<StepFinding>> InspectAsync(StepContext context, CancellationToken cancellationToken);

    Task<StepPlan> PlanAsync(StepContext context, CancellationToken cancellationToken);

    Task<StepOutcome> ApplyAsync(StepContext context, StepPlan plan, CancellationToken cancellationToken);
}
