using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using VirtSriov.Core.Tokens;

namespace VirtSriov.Web.Tokens;

/// <summary>
/// <c>Authorization: Bearer vsr_…</c>: the token's hash is looked up; a revoked, expired or unknown token is refused.
/// The identity is named <c>token:&lt;name&gt;</c> and carries the token's scope.
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IApiTokenStore tokens,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string BearerPrefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = await tokens.FindActiveAsync(header[BearerPrefix.Length..].Trim(), Context.RequestAborted);
        if (token is null)
        {
            return AuthenticateResult.Fail("The API token is unknown, revoked or expired.");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, ApiTokenDefaults.UserName(token.Name)),
                new Claim(ClaimTypes.NameIdentifier, token.Id.ToString()),
                new Claim(ApiTokenDefaults.ScopeClaim, token.Scope.ToString()),
            ],
            ApiTokenDefaults.Scheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ApiTokenDefaults.Scheme));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        await WriteProblemAsync(
            "The API token is missing, unknown, revoked or expired.",
            "Create a token on the Tokens page and send it as 'Authorization: Bearer vsr_…'.");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await WriteProblemAsync(
            "This API token is read-only; the call changes state.",
            "Use a token with the Operator scope (create one on the Tokens page).");
    }

    private async Task WriteProblemAsync(string detail, string fix) =>
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = Response.StatusCode, Detail = detail, Extensions = { ["fix"] = fix } },
        });
}
