namespace VirtSriov.Core.Audit;

/// <summary>One page of audit entries, newest first, and how many match the filter in all.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, int Total);
