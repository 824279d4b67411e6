namespace VirtSriov.Core.Audit;

/// <summary>The record of the root-level actions operators took through the dashboard. Append-only.</summary>
public interface IAuditLog
{
    /// <summary>Longest operator name stored; a longer typed name (a failed sign-in) is cut to this.</summary>
    const int MaxUserLength = 64;

    /// <summary>Longest detail stored.</summary>
    const int MaxDetailLength = 2000;

    Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>The entries that match, newest first, a page at a time.</summary>
    Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken);
}
