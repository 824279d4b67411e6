using Microsoft.EntityFrameworkCore;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;
using VirtSriov.Data.Entities;

namespace VirtSriov.Data.Runs;

/// <summary>Run history over SQLite; each call is one short unit of work on its own context.</summary>
public sealed class RunStore(IDbContextFactory<VirtSriovDbContext> contextFactory, TimeProvider timeProvider) : IRunStore
{
    public async Task<RunRecord> CreateAsync(Guid labId, RunSettings settings, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var lab = await db.Labs.AsNoTracking().SingleOrDefaultAsync(l => l.Id == labId, cancellationToken)
            ?? throw new InvalidOperationException($"Lab {labId} does not exist.");
        var run = new RunEntity
        {
            Id = Guid.CreateVersion7(timeProvider.GetUtcNow()),
            LabId = labId,
            Status = RunStatus.Active,
            SettingsJson = RunMapping.Serialize(settings),
            CreatedAt = at,
        };
        db.Runs.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        return RunMapping.ToRecord(run, lab);
    }

    public async Task<RunRecord?> GetAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var run = await db.Runs.AsNoTracking()
            .Include(r => r.Lab)
            .Include(r => r.Steps)
            .SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        return run is null ? null : RunMapping.ToRecord(run, run.Lab!);
    }

    public async Task SetStatusAsync(Guid runId, RunStatus status, DateTimeOffset at, CancellationToken cancellationToken)
    {
        DateTimeOffset? finishedAt = status == RunStatus.Active ? null : at;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var updated = await db.Runs
            .Where(r => r.Id == runId)
            .ExecuteUpdateAsync(
                setters => setters.SetProperty(r => r.Status, status).SetProperty(r => r.FinishedAt, finishedAt),
                cancellationToken);
        if (updated == 0)
        {
            throw new InvalidOperationException($"Run {runId} does not exist.");
        }
    }

    public async Task SetTeardownAsync(Guid runId, RunTeardown? teardown, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var updated = await db.Runs
            .Where(r => r.Id == runId)
            .ExecuteUpdateAsync(setters => setters.SetProperty(r => r.Teardown, teardown), cancellationToken);
        if (updated == 0)
        {
            throw new InvalidOperationException($"Run {runId} does not exist.");
        }
    }

    public async Task SaveStepAsync(Guid runId, StepRunRecord step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var entity = await db.StepRuns.SingleOrDefaultAsync(s => s.RunId == runId && s.Step == step.Step, cancellationToken);
        if (entity is null)
        {
            entity = new StepRunEntity { RunId = runId, Step = step.Step, FindingsJson = "[]" };
            db.StepRuns.Add(entity);
        }

        RunMapping.CopyTo(step, entity);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task SaveArtifactsAsync(Guid runId, StepKind step, IReadOnlyList<PlanArtifact> artifacts, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifacts);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.Artifacts
            .Where(a => a.RunId == runId && a.Step == step)
            .ToDictionaryAsync(a => a.Name, StringComparer.Ordinal, cancellationToken);
        foreach (var artifact in artifacts)
        {
            if (!existing.TryGetValue(artifact.Name, out var entity))
            {
                entity = new ArtifactEntity
                {
                    Id = Guid.CreateVersion7(timeProvider.GetUtcNow()),
                    RunId = runId,
                    Step = step,
                    Name = artifact.Name,
                    Language = artifact.Language,
                    Content = artifact.Content,
                };
                db.Artifacts.Add(entity);
                existing.Add(artifact.Name, entity);
            }

            entity.Language = artifact.Language;
            entity.Content = artifact.Content;
            entity.CreatedAt = at;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ArtifactInfo>> ListArtifactsAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var artifacts = await db.Artifacts.AsNoTracking()
            .Where(a => a.RunId == runId)
            .Select(a => new ArtifactInfo(a.Id, a.RunId, a.Step, a.Name, a.Language, a.Content.Length, a.CreatedAt))
            .ToListAsync(cancellationToken);
        return [.. artifacts.OrderBy(a => a.Step).ThenBy(a => a.Name, StringComparer.Ordinal)];
    }

    public async Task<PlanArtifact?> GetArtifactAsync(Guid artifactId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Artifacts.AsNoTracking()
            .Where(a => a.Id == artifactId)
            .Select(a => new PlanArtifact(a.Name, a.Language, a.Content))
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Runs newest first; <see cref="RunQuery.From"/> and <see cref="RunQuery.To"/> are both inclusive.</summary>
    public async Task<RunPage> QueryAsync(RunQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Page);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.PageSize);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var runs = db.Runs.AsNoTracking();
        if (query.LabId is { } labId)
        {
            runs = runs.Where(r => r.LabId == labId);
        }

        if (query.Status is { } status)
        {
            runs = runs.Where(r => r.Status == status);
        }

        if (query.From is { } from)
        {
            runs = runs.Where(r => r.CreatedAt >= from);
        }

        if (query.To is { } to)
        {
            runs = runs.Where(r => r.CreatedAt <= to);
        }

        var total = await runs.CountAsync(cancellationToken);
        var rows = await runs
            .OrderByDescending(r => r.CreatedAt)
            .ThenByDescending(r => r.Id)
            .Skip(query.Page * query.PageSize)
            .Take(query.PageSize)
            .Select(r => new
            {
                Summary = new RunSummary(
                    r.Id,
                    r.LabId,
                    r.Lab!.Name,
                    r.Lab.Kind == Core.Labs.LabKind.Simulated,
                    r.Status,
                    r.CreatedAt,
                    r.FinishedAt,
                    r.Steps.Count(s => s.Status == StepStatus.Succeeded),
                    0,
                    r.Teardown,
                    0,
                    0,
                    null),
                r.SettingsJson,
            })
            .ToListAsync(cancellationToken);
        var throughput = await ThroughputAsync(db, [.. rows.Select(r => r.Summary.Id)], cancellationToken);
        var items = rows.Select(r =>
        {
            var settings = RunMapping.ReadSettings(r.SettingsJson);
            return r.Summary with
            {
                StepCount = settings.RunProfile.Steps().Count,
                VfCount = settings.VfCount,
                WorkerCount = settings.Workers.Count,
                Throughput = throughput.GetValueOrDefault(r.Summary.Id),
            };
        }).ToList();
        return new RunPage(items, total);
    }

    /// <summary>Each run's latest DPDK test (see <see cref="RunThroughput.Of"/>), summed up per port in the database.</summary>
    private static async Task<Dictionary<Guid, RunThroughput>> ThroughputAsync(VirtSriovDbContext db, List<Guid> runIds, CancellationToken cancellationToken)
    {
        var ports = await db.ThroughputSamples.AsNoTracking()
            .Where(s => runIds.Contains(s.RunId))
            .GroupBy(s => new { s.RunId, s.TestAttempt, s.Port })
            .Select(g => new
            {
                g.Key.RunId,
                Totals = new PortTotals(
                    g.Key.TestAttempt,
                    g.Key.Port,
                    g.Max(s => s.Sequence),
                    g.Max(s => s.RxPps),
                    g.Average(s => (double)s.RxPps),
                    g.Max(s => s.RxPackets),
                    g.Max(s => s.TxPackets)),
            })
            .ToListAsync(cancellationToken);
        return ports.GroupBy(p => p.RunId).ToDictionary(run => run.Key, run => RunThroughput.Of(run.Select(p => p.Totals))!);
    }

    public async Task<Guid?> FindActiveRunAsync(Guid labId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Runs.AsNoTracking()
            .Where(r => r.LabId == labId && r.Status == RunStatus.Active)
            .OrderByDescending(r => r.CreatedAt)
            .Select(r => (Guid?)r.Id)
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Guid>> InterruptUnfinishedAsync(DateTimeOffset at, InterruptScope scope, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var active = db.Runs.Where(r => r.Status == RunStatus.Active);
        if (scope == InterruptScope.RunsMidStep)
        {
            active = active.Where(r => db.StepRuns.Any(s => s.RunId == r.Id && s.Status == StepStatus.Applying));
        }

        var runIds = await active.Select(r => r.Id).ToListAsync(cancellationToken);
        await db.StepRuns
            .Where(s => runIds.Contains(s.RunId) && s.Status == StepStatus.Applying)
            .ExecuteUpdateAsync(
                setters => setters.SetProperty(s => s.Status, StepStatus.Interrupted).SetProperty(s => s.FinishedAt, at),
                cancellationToken);
        await db.Runs
            .Where(r => runIds.Contains(r.Id))
            .ExecuteUpdateAsync(
                setters => setters.SetProperty(r => r.Status, RunStatus.Interrupted).SetProperty(r => r.FinishedAt, at),
                cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return runIds;
    }
}
