namespace VirtSriov.Core.Tokens;

/// <summary>A new token and its secret, which is shown once and not kept.</summary>
public sealed record CreatedApiToken(ApiTokenInfo Token, string Secret);
