using VirtSriov.Core.Tokens;

namespace VirtSriov.Data.Entities;

public sealed class ApiTokenEntity
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    /// <summary>SHA-256 of the secret (hex); the secret itself is never stored.</summary>
    public required string SecretHash { get; set; }

    public ApiTokenScope Scope { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
