namespace VirtSriov.Core.Tokens;

/// <summary>An API token as the dashboard shows it: never its secret, which is stored only as a hash.</summary>
public sealed record ApiTokenInfo(
    Guid Id,
    string Name,
    ApiTokenScope Scope,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt)
{
    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && now < ExpiresAt;
}
