using VirtSriov.Core.Tokens;

namespace VirtSriov.Web.Tests.Fakes;

public sealed class InMemoryApiTokenStore(TimeProvider time) : IApiTokenStore
{
    private readonly List<(ApiTokenInfo Token, string Secret)> _tokens = [];

    public Task<CreatedApiToken> CreateAsync(string name, ApiTokenScope scope, DateTimeOffset expiresAt, string createdBy, CancellationToken cancellationToken)
    {
        var token = new ApiTokenInfo(Guid.NewGuid(), name, scope, createdBy, time.GetUtcNow(), expiresAt, null);
        var secret = ApiTokenSecret.Generate();
        _tokens.Add((token, secret));
        return Task.FromResult(new CreatedApiToken(token, secret));
    }

    public Task<IReadOnlyList<ApiTokenInfo>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ApiTokenInfo>>([.. _tokens.Select(t => t.Token)]);

    public Task<bool> RevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        var index = _tokens.FindIndex(t => t.Token.Id == id);
        if (index >= 0)
        {
            _tokens[index] = _tokens[index] with { Token = _tokens[index].Token with { RevokedAt = time.GetUtcNow() } };
        }

        return Task.FromResult(index >= 0);
    }

    public Task<ApiTokenInfo?> FindActiveAsync(string secret, CancellationToken cancellationToken) =>
        Task.FromResult(_tokens.Where(t => t.Secret == secret && t.Token.IsActiveAt(time.GetUtcNow())).Select(t => t.Token).FirstOrDefault());
}
