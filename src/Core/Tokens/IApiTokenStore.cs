namespace VirtSriov.Core.Tokens;

/// <summary>API tokens for automation: created with a scope and an expiry, revoked, looked up by their secret.</summary>
public interface IApiTokenStore
{
    /// <summary>Creates a token; the secret in the result is the only copy (the store keeps its hash).</summary>
    Task<CreatedApiToken> CreateAsync(string name, ApiTokenScope scope, DateTimeOffset expiresAt, string createdBy, CancellationToken cancellationToken);

    /// <summary>Every token, newest first, revoked and expired ones included.</summary>
    Task<IReadOnlyList<ApiTokenInfo>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Revokes a token; false when there is no such token.</summary>
    Task<bool> RevokeAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The token with this secret if it exists, is not revoked and has not expired.</summary>
    Task<ApiTokenInfo?> FindActiveAsync(string secret, CancellationToken cancellationToken);
}
