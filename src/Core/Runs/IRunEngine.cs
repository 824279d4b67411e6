using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Runs;

/// <summary>
/// Drives runs: one active run per lab; each step inspected, planned and applied in order;
/// every state change and log line recorded as a numbered event. Execution belongs to the engine:
/// the cancellation token of a call only stops the caller's wait, <see cref="CancelAsync"/> stops the work.
/// </summary>
public interface IRunEngine
{
    /// <summary>The steps of a run of <paramref name="profile"/>, in order, with the implementations that profile uses.</summary>
    IReadOnlyList<IRunStep> StepsOf(RunProfile profile);

    /// <summary>Validates the settings (throws <see cref="RunSettingsException"/> with field errors) and opens a run.</summary>
    Task<Guid> CreateRunAsync(Guid labId, RunSettings settings, CancellationToken cancellationToken);

    Task<IReadOnlyList<StepFinding>> InspectAsync(Guid runId, StepKind step, CancellationToken cancellationToken);

    Task<StepPlan> PlanAsync(Guid runId, StepKind step, CancellationToken cancellationToken);

    /// <summary>Applies the stored plan of the step (planning first when there is none) and returns its final state.</summary>
    Task<StepRunRecord> ApplyAsync(Guid runId, StepKind step, CancellationToken cancellationToken);

    /// <summary>Inspects, plans and applies every step that has not succeeded yet, in order, stopping at the first failure.</summary>
    Task<RunRecord> RunRemainingAsync(Guid runId, CancellationToken cancellationToken);

    /// <summary>Stops the step that is running; the run stays resumable.</summary>
    Task CancelAsync(Guid runId);

    /// <summary>Makes an interrupted, failed or cancelled run active again (refused when the lab has another active run).</summary>
    Task ResumeAsync(Guid runId, CancellationToken cancellationToken);

    /// <summary>
    /// Removes what the run created: the teardown of every step that has one, last step first. Stops at the first
    /// failure (the step shows why; teardown can be started again).
    /// </summary>
    Task<RunRecord> TeardownAsync(Guid runId, TeardownOptions options, CancellationToken cancellationToken);

    /// <summary>Ends the run as cancelled without undoing anything.</summary>
    Task AbandonAsync(Guid runId, CancellationToken cancellationToken);
}
