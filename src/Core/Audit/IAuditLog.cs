namespace VirtSriov.Core.Audit;

/// <summary>The record of the root-level actions operators took through the dashboard. Append-only.</summary>
public interface IAuditLog
{
    Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>The newest entries first.</summary>
    Task<IReadOnlyList<AuditEntry>> RecentAsync(int max, CancellationToken cancellationToken);
}
