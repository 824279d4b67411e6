using Microsoft.EntityFrameworkCore;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tokens;
using VirtSriov.Data.Entities;

namespace VirtSriov.Data.Tokens;

/// <summary>API tokens over SQLite, kept as the SHA-256 of their secret.</summary>
public sealed class ApiTokenStore(IDbContextFactory<VirtSriovDbContext> contexts, TimeProvider time) : IApiTokenStore
{
    public const int MaxNameLength = 100;

    public async Task<CreatedApiToken> CreateAsync(string name, ApiTokenScope scope, DateTimeOffset expiresAt, string createdBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(createdBy);
        name = name.Trim();
        var now = time.GetUtcNow();
        if (name.Length is 0 or > MaxNameLength)
        {
            throw new ActionableException($"A token name must have 1 to {MaxNameLength} characters.", "Name the token after what uses it, e.g. ci-nightly.", field: nameof(ApiTokenInfo.Name));
        }

        if (expiresAt <= now)
        {
            throw new ActionableException($"The expiry {expiresAt:u} is not in the future.", "Choose an expiry after today.", field: nameof(ApiTokenInfo.ExpiresAt));
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (await db.ApiTokens.AnyAsync(t => t.Name == name, cancellationToken).ConfigureAwait(false))
        {
            throw new ActionableException($"A token named '{name}' already exists.", "Choose another name, or revoke the old token first.", field: nameof(ApiTokenInfo.Name));
        }

        var secret = ApiTokenSecret.Generate();
        var entity = new ApiTokenEntity
        {
            Id = Guid.CreateVersion7(now),
            Name = name,
            SecretHash = ApiTokenSecret.Hash(secret),
            Scope = scope,
            CreatedBy = createdBy,
            CreatedAt = now,
            ExpiresAt = expiresAt,
        };
        db.ApiTokens.Add(entity);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new CreatedApiToken(ToInfo(entity), secret);
    }

    public async Task<IReadOnlyList<ApiTokenInfo>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var tokens = await db.ApiTokens.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. tokens.OrderByDescending(t => t.CreatedAt).Select(ToInfo)];
    }

    public async Task<bool> RevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var updated = await db.ApiTokens
            .Where(t => t.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, t => t.RevokedAt ?? now), cancellationToken)
            .ConfigureAwait(false);
        return updated > 0;
    }

    public async Task<ApiTokenInfo?> FindActiveAsync(string secret, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(secret) || !secret.StartsWith(ApiTokenSecret.Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var hash = ApiTokenSecret.Hash(secret);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var entity = await db.ApiTokens.AsNoTracking().SingleOrDefaultAsync(t => t.SecretHash == hash, cancellationToken).ConfigureAwait(false);
        return entity is not null && ToInfo(entity) is var token && token.IsActiveAt(time.GetUtcNow()) ? token : null;
    }

    private static ApiTokenInfo ToInfo(ApiTokenEntity t) => new(t.Id, t.Name, t.Scope, t.CreatedBy, t.CreatedAt, t.ExpiresAt, t.RevokedAt);
}
