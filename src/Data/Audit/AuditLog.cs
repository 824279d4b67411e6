using Microsoft.EntityFrameworkCore;
using VirtSriov.Core.Audit;
using VirtSriov.Data.Entities;

namespace VirtSriov.Data.Audit;

public sealed class AuditLog(IDbContextFactory<VirtSriovDbContext> contexts) : IAuditLog
{
    private const int MaxPageSize = 200;

    public async Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        db.AuditEntries.Add(new AuditEntity
        {
            At = entry.At,
            User = Cap(entry.User, IAuditLog.MaxUserLength),
            Action = entry.Action,
            Detail = Cap(entry.Detail, IAuditLog.MaxDetailLength),
        });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrEmpty(query.User))
        {
            entries = entries.Where(a => a.User.Contains(query.User));
        }

        if (!string.IsNullOrEmpty(query.Action))
        {
            entries = entries.Where(a => a.Action.StartsWith(query.Action));
        }

        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var skip = (long)Math.Max(query.Page, 0) * pageSize;
        var total = await entries.CountAsync(cancellationToken).ConfigureAwait(false);
        if (skip >= total)
        {
            return new AuditPage([], total);
        }

        var items = await entries
            .OrderByDescending(a => a.Id)
            .Skip((int)skip)
            .Take(pageSize)
            .Select(a => new AuditEntry(a.At, a.User, a.Action, a.Detail))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new AuditPage(items, total);
    }

    private static string Cap(string value, int length) => value.Length <= length ? value : value[..length] + "…";
}
