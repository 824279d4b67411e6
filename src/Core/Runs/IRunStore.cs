using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Runs;

/// <summary>Durable run history. Implemented by the Data project over SQLite.</summary>
public interface IRunStore
{
    Task<RunRecord> CreateAsync(Guid labId, RunSettings settings, DateTimeOffset at, CancellationToken cancellationToken);

    Task<RunRecord?> GetAsync(Guid runId, CancellationToken cancellationToken);

    Task SetStatusAsync(Guid runId, RunStatus status, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Records how tearing the run down ended; null when the run is built again.</summary>
    Task SetTeardownAsync(Guid runId, RunTeardown? teardown, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the state of one step.</summary>
    Task SaveStepAsync(Guid runId, StepRunRecord step, CancellationToken cancellationToken);

    /// <summary>Stores artifacts; one with the same step and name as an earlier one replaces it.</summary>
    Task SaveArtifactsAsync(Guid runId, StepKind step, IReadOnlyList<PlanArtifact> artifacts, DateTimeOffset at, CancellationToken cancellationToken);

    Task<IReadOnlyList<ArtifactInfo>> ListArtifactsAsync(Guid runId, CancellationToken cancellationToken);

    Task<PlanArtifact?> GetArtifactAsync(Guid artifactId, CancellationToken cancellationToken);

    Task<RunPage> QueryAsync(RunQuery query, CancellationToken cancellationToken);

    /// <summary>The lab's run that is <see cref="RunStatus.Active"/>, if any.</summary>
    Task<Guid?> FindActiveRunAsync(Guid labId, CancellationToken cancellationToken);

    /// <summary>After a crash or restart: the runs in <paramref name="scope"/> become Interrupted, their applying steps too.</summary>
    Task<IReadOnlyList<Guid>> InterruptUnfinishedAsync(DateTimeOffset at, InterruptScope scope, CancellationToken cancellationToken);
}
