using Microsoft.EntityFrameworkCore;
using VirtSriov.Core.Audit;
using VirtSriov.Data.Entities;

namespace VirtSriov.Data.Audit;

public sealed class AuditLog(IDbContextFactory<VirtSriovDbContext> contexts) : IAuditLog
{
    public async Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        db.AuditEntries.Add(new AuditEntity { At = entry.At, User = entry.User, Action = entry.Action, Detail = entry.Detail });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AuditEntry>> RecentAsync(int max, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.AuditEntries.AsNoTracking()
            .OrderByDescending(a => a.Id)
            .Take(max)
            .Select(a => new AuditEntry(a.At, a.User, a.Action, a.Detail))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }
}
