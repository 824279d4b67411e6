using VirtSriov.Core.Audit;

namespace VirtSriov.Web.Tokens;

/// <summary>Records every call made with an API token under the token's name, with its outcome.</summary>
public sealed class ApiTokenAudit(RequestDelegate next, IAuditLog audit, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.User.Identity is not { IsAuthenticated: true, AuthenticationType: ApiTokenDefaults.Scheme, Name: { } name })
        {
            await next(context);
            return;
        }

        try
        {
            await next(context);
        }
        finally
        {
            // Recorded without cancellation: a call that was made is on record even if the client went away.
            await audit.RecordAsync(
                new AuditEntry(time.GetUtcNow(), name, "token.call", $"{context.Request.Method} {context.Request.Path} → {context.Response.StatusCode}"),
                CancellationToken.None);
        }
    }
}
