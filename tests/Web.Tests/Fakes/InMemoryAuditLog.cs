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

    public Task<IReadOnlyList<AuditEntry>> RecentAsync(int max, CancellationToken cancellationToken)
    {
        lock (Entries)
        {
            return Task.FromResult<IReadOnlyList<AuditEntry>>([.. Entries.AsEnumerable().Reverse().Take(max)]);
        }
    }
}
