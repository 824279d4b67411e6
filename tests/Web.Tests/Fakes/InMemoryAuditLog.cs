using VirtSriov.Core.Audit;

namespace VirtSriov.Web.Tests.Fakes;

public sealed class InMemoryAuditLog : IAuditLog
{
    public List<AuditEntry> Entries { get; } = [];

    public Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        lock (Entries)
        {
            Entries.Add(entry);
        }

        return Task.CompletedTask;
    }

    public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        lock (Entries)
        {
            var matching = Entries.AsEnumerable().Reverse()
                .Where(e => string.IsNullOrEmpty(query.User) || e.User.Contains(query.User, StringComparison.Ordinal))
                .Where(e => string.IsNullOrEmpty(query.Action) || e.Action.StartsWith(query.Action, StringComparison.Ordinal))
                .ToList();
            return Task.FromResult(new AuditPage([.. matching.Skip(query.Page * query.PageSize).Take(query.PageSize)], matching.Count));
        }
    }
}
