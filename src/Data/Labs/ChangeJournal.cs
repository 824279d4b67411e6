using Microsoft.EntityFrameworkCore;
using VirtSriov.Core.Labs.Changes;
using VirtSriov.Data.Entities;

namespace VirtSriov.Data.Labs;

/// <summary>The change journal over SQLite: each record is its own committed transaction before the call returns.</summary>
public sealed class ChangeJournal(IDbContextFactory<VirtSriovDbContext> contexts) : IChangeJournal
{
    public long RecordIntent(Guid labId, string change, DateTimeOffset at)
    {
        using var db = contexts.CreateDbContext();
        var entity = new LabChangeEntity { LabId = labId, Change = change, IntendedAt = at };
        db.LabChanges.Add(entity);
        db.SaveChanges();
        return entity.Id;
    }

    public void RecordResult(long intentId, string? error, DateTimeOffset at)
    {
        using var db = contexts.CreateDbContext();
        db.LabChanges.Where(c => c.Id == intentId).ExecuteUpdate(s => s.SetProperty(c => c.CompletedAt, at).SetProperty(c => c.Error, error));
    }

    public async Task<IReadOnlyList<UnfinishedChange>> TakeUnfinishedAsync(Guid labId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var unfinished = await db.LabChanges
            .Where(c => c.LabId == labId && c.CompletedAt == null && c.ReportedAt == null)
            .OrderBy(c => c.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var change in unfinished)
        {
            change.ReportedAt = at;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return [.. unfinished.Select(c => new UnfinishedChange(c.Id, c.IntendedAt, c.Change))];
    }
}
