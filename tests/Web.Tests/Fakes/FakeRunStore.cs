using VirtSriov.Core.Runs;

namespace VirtSriov.Web.Tests.Fakes;

/// <summary>Serves the runs and artifacts the test put in; writes are not expected from pages.</summary>
public sealed class FakeRunStore : IRunStore
{
    public Dictionary<Guid, RunRecord> Runs { get; } = [];

    public List<ArtifactInfo> Artifacts { get; } = [];

    public Task<RunRecord?> GetAsync(Guid runId, CancellationToken cancellationToken) => Task.FromResult(Runs.GetValueOrDefault(runId));

    public Task<IReadOnlyList<ArtifactInfo>> ListArtifactsAsync(Guid runId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ArtifactInfo>>([.. Artifacts.Where(a => a.RunId == runId)]);

    public Task<RunPage> QueryAsync(RunQuery query, CancellationToken cancellationToken)
    {
        var items = Runs.Values
            .Select(r => new RunSummary(r.Id, r.LabId, r.LabName, r.LabSimulated, r.Status, r.CreatedAt, r.FinishedAt, r.Steps.Count(s => s.Status == StepStatus.Succeeded)))
            .ToList();
        return Task.FromResult(new RunPage([.. items.Skip(query.Page * query.PageSize).Take(query.PageSize)], items.Count));
    }

    public Task<RunRecord> CreateAsync(Guid labId, RunSettings settings, DateTimeOffset at, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task SetStatusAsync(Guid runId, RunStatus status, DateTimeOffset at, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task SetTeardownAsync(Guid runId, RunTeardown? teardown, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task SaveStepAsync(Guid runId, StepRunRecord step, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task SaveArtifactsAsync(Guid runId, StepKind step, IReadOnlyList<PlanArtifact> artifacts, DateTimeOffset at, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<PlanArtifact?> GetArtifactAsync(Guid artifactId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<Guid?> FindActiveRunAsync(Guid labId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<Guid>> InterruptUnfinishedAsync(DateTimeOffset at, CancellationToken cancellationToken) => throw new NotSupportedException();
}
