using VirtSriov.Core.Labs;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;

namespace VirtSriov.Cli.Runs;

/// <summary>
/// What <c>virtsriov labs</c> and <c>virtsriov run …</c> do, wherever the engine is: a dashboard reached by URL and
/// token (<see cref="Remote.DashboardClient"/>), or this process on a data folder (<see cref="Local.LocalRunService"/>).
/// Refusals are <see cref="CliException"/>s with the exit code scripts see.
/// </summary>
public interface IRunService : IAsyncDisposable
{
    Task<IReadOnlyList<LabDefinition>> LabsAsync(CancellationToken cancellationToken);

    Task<Guid> CreateRunAsync(Guid labId, RunSettings settings, CancellationToken cancellationToken);

    Task<RunRecord> RunAsync(Guid runId, CancellationToken cancellationToken);

    Task<StepPlan> PlanAsync(Guid runId, StepKind step, CancellationToken cancellationToken);

    Task<StepRunRecord> ApplyAsync(Guid runId, StepKind step, CancellationToken cancellationToken);

    Task<RunRecord> RunRemainingAsync(Guid runId, CancellationToken cancellationToken);

    Task<RunRecord> TeardownAsync(Guid runId, CancellationToken cancellationToken);

    /// <summary>Makes an interrupted, failed, cancelled or torn-down run active again, so its steps can be applied.</summary>
    Task<RunRecord> ResumeAsync(Guid runId, CancellationToken cancellationToken);

    Task<RunComparison> CompareAsync(Guid a, Guid b, CancellationToken cancellationToken);

    Task<byte[]> BundleAsync(Guid runId, CancellationToken cancellationToken);

    /// <summary>The run's events after <paramref name="afterSequence"/>, then live ones, until the run reaches a final status.</summary>
    IAsyncEnumerable<RunEvent> FollowAsync(Guid runId, long afterSequence, CancellationToken cancellationToken);
}
