using System.Collections.Concurrent;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;

namespace VirtSriov.TestDoubles;

/// <summary>Runs and their artifacts in memory (the SQLite store is tested in Data.Tests); runs are created on the labs of <paramref name="labs"/>.</summary>
public sealed class InMemoryRunStore(ILabStore? labs = null) : IRunStore
{
    private readonly Lock _artifactsGate = new();
    private readonly List<(ArtifactInfo Info, PlanArtifact Artifact)> _artifacts = [];

    public ConcurrentDictionary<Guid, RunRecord> Runs { get; } = new();

    public IReadOnlyList<ArtifactInfo> Artifacts
    {
        get
        {
            lock (_artifactsGate)
            {
                return [.. _artifacts.Select(a => a.Info)];
            }
        }
    }

    public RunRecord Add(RunRecord run) => Runs[run.Id] = run;

    public ArtifactInfo AddArtifact(Guid runId, StepKind step, PlanArtifact artifact, DateTimeOffset at)
    {
        // Like the SQLite store: an artifact with the same step and name as an earlier one replaces it.
        var info = new ArtifactInfo(Guid.NewGuid(), runId, step, artifact.Name, artifact.Language, artifact.Content.Length, at);
        lock (_artifactsGate)
        {
            _artifacts.RemoveAll(a => a.Info.RunId == runId && a.Info.Step == step && a.Info.Name == artifact.Name);
            _artifacts.Add((info, artifact));
        }

        return info;
    }

    public void ForceStepStatus(Guid runId, StepKind step, StepStatus status) =>
        Runs[runId] = Replace(Runs[runId], Runs[runId].Step(step) with { Status = status });

    public async Task<RunRecord> CreateAsync(Guid labId, RunSettings settings, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var lab = labs is null ? null : await labs.GetAsync(labId, cancellationToken);
        var run = new RunRecord(Guid.NewGuid(), labId, lab?.Name ?? "lab", lab?.IsSimulated ?? true, RunStatus.Active, settings, at, null,
            [.. settings.RunProfile.Steps().Select(StepRunRecord.Pending)]);
        return Add(run);
    }

    public Task<RunRecord?> GetAsync(Guid runId, CancellationToken cancellationToken) =>
        Task.FromResult(Runs.GetValueOrDefault(runId));

    public Task SetStatusAsync(Guid runId, RunStatus status, DateTimeOffset at, CancellationToken cancellationToken)
    {
        Runs[runId] = Runs[runId] with { Status = status };
        return Task.CompletedTask;
    }

    public Task SetTeardownAsync(Guid runId, RunTeardown? teardown, CancellationToken cancellationToken)
    {
        Runs[runId] = Runs[runId] with { Teardown = teardown };
        return Task.CompletedTask;
    }

    public Task SaveStepAsync(Guid runId, StepRunRecord step, CancellationToken cancellationToken)
    {
        Runs[runId] = Replace(Runs[runId], step);
        return Task.CompletedTask;
    }

    public Task SaveArtifactsAsync(Guid runId, StepKind step, IReadOnlyList<PlanArtifact> artifacts, DateTimeOffset at, CancellationToken cancellationToken)
    {
        foreach (var artifact in artifacts)
        {
            AddArtifact(runId, step, artifact, at);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ArtifactInfo>> ListArtifactsAsync(Guid runId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ArtifactInfo>>([.. Artifacts.Where(a => a.RunId == runId)]);

    public Task<PlanArtifact?> GetArtifactAsync(Guid artifactId, CancellationToken cancellationToken)
    {
        lock (_artifactsGate)
        {
            return Task.FromResult<PlanArtifact?>(_artifacts.FirstOrDefault(a => a.Info.Id == artifactId).Artifact);
        }
    }

    /// <summary>What the history shows of each run's DPDK test; a test sets it (the real store computes it from the samples).</summary>
    public Dictionary<Guid, RunThroughput> Throughput { get; } = [];

    public Task<RunPage> QueryAsync(RunQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var items = Runs.Values
            .Where(r => (query.LabId is null || r.LabId == query.LabId) && (query.Status is null || r.Status == query.Status))
            .OrderByDescending(r => r.CreatedAt)
            .Select(r => new RunSummary(
                r.Id, r.LabId, r.LabName, r.LabSimulated, r.Status, r.CreatedAt, r.FinishedAt, r.Steps.Count(s => s.Status == StepStatus.Succeeded), r.Settings.RunProfile.Steps().Count,
                r.Teardown, r.Settings.VfCount, r.Settings.Workers.Count, Throughput.GetValueOrDefault(r.Id)))
            .ToList();
        return Task.FromResult(new RunPage([.. items.Skip(query.Page * query.PageSize).Take(query.PageSize)], items.Count));
    }

    public Task<Guid?> FindActiveRunAsync(Guid labId, CancellationToken cancellationToken) =>
        Task.FromResult(Runs.Values.Where(r => r.LabId == labId && r.Status == RunStatus.Active).Select(r => (Guid?)r.Id).FirstOrDefault());

    public Task<IReadOnlyList<Guid>> InterruptUnfinishedAsync(DateTimeOffset at, InterruptScope scope, CancellationToken cancellationToken)
    {
        var ids = Runs.Values
            .Where(r => r.Status == RunStatus.Active && (scope == InterruptScope.ActiveRuns || r.Steps.Any(s => s.Status == StepStatus.Applying)))
            .Select(r => r.Id)
            .ToList();
        foreach (var id in ids)
        {
            var run = Runs[id];
            Runs[id] = run with
            {
                Status = RunStatus.Interrupted,
                Steps = [.. run.Steps.Select(s => s.Status == StepStatus.Applying ? s with { Status = StepStatus.Interrupted } : s)],
            };
        }

        return Task.FromResult<IReadOnlyList<Guid>>(ids);
    }

    private static RunRecord Replace(RunRecord run, StepRunRecord step) =>
        run with { Steps = [.. run.Steps.Select(s => s.Step == step.Step ? step : s)] };
}
