using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;

namespace VirtSriov.Data.Runs;

/// <summary>The append-only event log over SQLite; a batch is one transaction, throughput events also fill the sample table.</summary>
public sealed class RunEventStore(IDbContextFactory<VirtSriovDbContext> contextFactory) : IRunEventStore
{
    public async Task AppendAsync(IReadOnlyList<RunEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        foreach (var runEvent in events)
        {
            if (runEvent.Kind == RunEventKind.Throughput && runEvent.Sample is null)
            {
                throw new ArgumentException($"Throughput event {runEvent.Sequence} of run {runEvent.RunId} has no sample.", nameof(events));
            }
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        using (var inserter = new RunEventInserter(
            (SqliteConnection)db.Database.GetDbConnection(),
            (SqliteTransaction)transaction.GetDbTransaction()))
        {
            foreach (var runEvent in events)
            {
                await inserter.InsertAsync(runEvent, cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<RunEvent>> ReadAsync(Guid runId, long afterSequence, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.RunEvents.AsNoTracking()
            .Include(e => e.Sample)
            .Where(e => e.RunId == runId && e.Sequence > afterSequence)
            .OrderBy(e => e.Sequence)
            .Take(max)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(e => new RunEvent(
            e.RunId,
            e.Sequence,
            e.At,
            e.Kind,
            e.Step,
            e.Text,
            e.Level,
            e.StepStatus,
            e.RunStatus,
            e.Sample is null ? null : ToSample(e.Sample)))];
    }

    public async Task<long> GetLastSequenceAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.RunEvents
            .Where(e => e.RunId == runId)
            .MaxAsync(e => (long?)e.Sequence, cancellationToken) ?? 0;
    }

    public async Task<IReadOnlyList<RunEvent>> ReadLogBeforeAsync(Guid runId, long beforeSequence, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // Backwards along the primary key (RunId, Sequence) from the bound: the cost is the page, not the run's length.
        var rows = await db.RunEvents.AsNoTracking()
            .Where(e => e.RunId == runId && e.Sequence < beforeSequence && e.Kind != RunEventKind.Throughput)
            .OrderByDescending(e => e.Sequence)
            .Take(max)
            .Select(e => new RunEvent(e.RunId, e.Sequence, e.At, e.Kind, e.Step, e.Text, e.Level, e.StepStatus, e.RunStatus, null))
            .ToListAsync(cancellationToken);
        rows.Reverse();
        return rows;
    }

    public async Task<IReadOnlyList<ThroughputPoint>> ReadThroughputBeforeAsync(Guid runId, long beforeSequence, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.ThroughputSamples.AsNoTracking()
            .Where(s => s.RunId == runId && s.Sequence < beforeSequence)
            .OrderByDescending(s => s.Sequence)
            .Take(max)
            .ToListAsync(cancellationToken);
        return [.. rows.AsEnumerable().Reverse().Select(s => new ThroughputPoint(s.Sequence, s.At, ToSample(s)))];
    }

    private static ThroughputSample ToSample(Entities.ThroughputSampleEntity s) => new(
        s.Port, s.RxPackets, s.TxPackets, s.RxBytes, s.TxBytes, s.RxMissed, s.RxErrors, s.TxErrors, s.RxPps, s.TxPps, s.RxBps, s.TxBps)
    {
        TestAttempt = s.TestAttempt,
        LineRatePercent = s.LineRatePercent,
    };
}
