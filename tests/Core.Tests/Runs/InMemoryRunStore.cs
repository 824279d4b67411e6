using System.Collections.Concurrent;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Runs;

namespace VirtSriov.Core.Tests.Runs;

/// <summary>Test double of the SQLite stores (the real ones are tested in Data.Tests).</summary>
internal sealed class InMemoryRunStore : IRunStore, IRunEventStore, ILabStore
{
    private readonly ConcurrentDictionary<Guid, RunRecord> _runs = new();
    private readonly ConcurrentDictionary<Guid, LabDefinition> _labs = new();
    private readonly List<RunEvent> _events = [];
    private readonly Lock _lock = new();

    public int AppendCalls { get; private set; }

    public LabDefinition AddLab(string name = "sim") =>
        AddLab(new LabDefinition(Guid.NewGuid(), name, LabKind.Simulated, "/tmp/none", "test:///default", false, DateTimeOffset.UnixEpoch));

    public LabDefinition AddLab(LabDefinition lab)
    {
        _labs[lab.Id] = lab;
        return lab;
    }

    public void ForceStepStatus(Guid runId, StepKind step, StepStatus status) =>
        _runs[runId] = Replace(_runs[runId], _runs[runId].Step(step) with { Status = status });

    public Task<RunRecord> CreateAsync(Guid labId, RunSettings settings, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var lab = _labs[labId];
        var run = new RunRecord(Guid.NewGuid(), labId, lab.Name, lab.IsSimulated, RunStatus.Active, settings, at, null,
            [.. Enum.GetValues<StepKind>().Select(StepRunRecord.Pending)]);
        _runs[run.Id] = run;
        return Task.FromResult(run);
    }

    public Task<RunRecord?> GetAsync(Guid runId, CancellationToken cancellationToken) =>
        Task.FromResult(_runs.GetValueOrDefault(runId));

    public Task SetStatusAsync(Guid runId, RunStatus status, DateTimeOffset at, CancellationToken cancellationToken)
    {
        _runs[runId] = _runs[runId] with { Status = status };
        return Task.CompletedTask;
    }

    public Task SaveStepAsync(Guid runId, StepRunRecord step, CancellationToken cancellationToken)
    {
        _runs[runId] = Replace(_runs[runId], step);
        return Task.CompletedTask;
    }

    public Task SaveArtifactsAsync(Guid runId, StepKind step, IReadOnlyList<PlanArtifact> artifacts, DateTimeOffset at, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public Task<IReadOnlyList<ArtifactInfo>> ListArtifactsAsync(Guid runId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ArtifactInfo>>([]);

    public Task<PlanArtifact?> GetArtifactAsync(Guid artifactId, CancellationToken cancellationToken) =>
        Task.FromResult<PlanArtifact?>(null);

    public Task<RunPage> QueryAsync(RunQuery query, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<Guid?> FindActiveRunAsync(Guid labId, CancellationToken cancellationToken) =>
        Task.FromResult(_runs.Values.Where(r => r.LabId == labId && r.Status == RunStatus.Active).Select(r => (Guid?)r.Id).FirstOrDefault());

    public Task<IReadOnlyList<Guid>> InterruptUnfinishedAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        var ids = _runs.Values.Where(r => r.Status == RunStatus.Active).Select(r => r.Id).ToList();
        foreach (var id in ids)
        {
            var run = _runs[id];
            _runs[id] = run with
            {
                Status = RunStatus.Interrupted,
                Steps = [.. run.Steps.Select(s => s.Status == StepStatus.Applying ? s with { Status = StepStatus.Interrupted } : s)],
            };
        }

        return Task.FromResult<IReadOnlyList<Guid>>(ids);
    }

    public Task AppendAsync(IReadOnlyList<RunEvent> events, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            AppendCalls++;
            _events.AddRange(events);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<RunEvent>> ReadAsync(Guid runId, long afterSequence, int max, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<RunEvent>>([.. _events.Where(e => e.RunId == runId && e.Sequence > afterSequence).OrderBy(e => e.Sequence).Take(max)]);
        }
    }

    public Task<long> GetLastSequenceAsync(Guid runId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_events.Where(e => e.RunId == runId).Select(e => e.Sequence).DefaultIfEmpty(0).Max());
        }
    }

    public Task<IReadOnlyList<ThroughputPoint>> ReadThroughputAsync(Guid runId, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<IReadOnlyList<LabDefinition>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LabDefinition>>([.. _labs.Values]);

    Task<LabDefinition?> ILabStore.GetAsync(Guid id, CancellationToken cancellationToken) =>
        Task.FromResult(_labs.GetValueOrDefault(id));

    public Task<LabDefinition> AddAsync(string name, LabKind kind, string sysfsRoot, string libvirtUri, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task SetKubeconfigAsync(Guid labId, string kubeconfigYaml, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<string?> GetKubeconfigAsync(Guid labId, CancellationToken cancellationToken) =>
        Task.FromResult<string?>(null);

    private static RunRecord Replace(RunRecord run, StepRunRecord step) =>
        run with { Steps = [.. run.Steps.Select(s => s.Step == step.Step ? step : s)] };
}
