using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using VirtSriov.Core.Tokens;

namespace VirtSriov.Web.Tokens;

/// <summary>Met by a signed-in operator (cookie) or an operator token; never by a read-only token.</summary>
public static class OperatorRequirement
{
    public static AuthorizationPolicy Policy { get; } = new AuthorizationPolicyBuilder()
        .RequireAuthenticatedUser()
        .AddRequirements(new AssertionRequirement(c => IsOperator(c.User)))
        .Build();

    public static bool IsOperator(System.Security.Claims.ClaimsPrincipal user) =>
        user.Identity?.AuthenticationType != ApiTokenDefaults.Scheme
        || user.HasClaim(ApiTokenDefaults.ScopeClaim, nameof(ApiTokenScope.Operator));
}
