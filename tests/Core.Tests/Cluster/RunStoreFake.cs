using VirtSriov.Core.Runs;

namespace VirtSriov.Core.Tests.Cluster;

/// <summary>One run and its artifacts in memory, for the bundle export.</summary>
internal sealed class RunStoreFake(RunRecord run) : IRunStore
{
    private readonly List<(ArtifactInfo Info, PlanArtifact Artifact)> artifacts = [];

    public void Add(StepKind step, PlanArtifact artifact, DateTimeOffset at) =>
        artifacts.Add((new ArtifactInfo(Guid.NewGuid(), run.Id, step, artifact.Name, artifact.Language, artifact.Content.Length, at), artifact));

    public Task<RunRecord?> GetAsync(Guid runId, CancellationToken cancellationToken) => Task.FromResult(runId == run.Id ? run : null);

    public Task<IReadOnlyList<ArtifactInfo>> ListArtifactsAsync(Guid runId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ArtifactInfo>>([.. artifacts.Where(a => a.Info.RunId == runId).Select(a => a.Info)]);

    public Task<PlanArtifact?> GetArtifactAsync(Guid artifactId, CancellationToken cancellationToken) =>
        Task.FromResult<PlanArtifact?>(artifacts.FirstOrDefault(a => a.Info.Id == artifactId).Artifact);

    public Task<RunRecord> CreateAsync(Guid labId, RunSettings settings, DateTimeOffset at, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task SetStatusAsync(Guid runId, RunStatus status, DateTimeOffset at, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task SetTeardownAsync(Guid runId, RunTeardown? teardown, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task SaveStepAsync(Guid runId, StepRunRecord step, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task SaveArtifactsAsync(Guid runId, StepKind step, IReadOnlyList<PlanArtifact> artifacts, DateTimeOffset at, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<RunPage> QueryAsync(RunQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<Guid?> FindActiveRunAsync(Guid labId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<Guid>> InterruptUnfinishedAsync(DateTimeOffset at, CancellationToken cancellationToken) => throw new NotSupportedException();
}
