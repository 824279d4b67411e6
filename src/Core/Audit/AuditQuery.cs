namespace VirtSriov.Core.Audit;

/// <summary>
/// Audit filter: entries whose operator contains <see cref="User"/> and whose action starts with <see cref="Action"/>
/// (<c>sign-in</c> matches <c>sign-in.failed</c>); <see cref="Page"/> is 0-based.
/// </summary>
public sealed record AuditQuery(string? User = null, string? Action = null, int Page = 0, int PageSize = 50);
