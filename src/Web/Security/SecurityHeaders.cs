namespace VirtSriov.Web.Security;

/// <summary>
/// Headers on every response: no MIME sniffing, no framing, no referrer, and a Content-Security-Policy that allows
/// only this origin's scripts and connections. Styles allow inline because MudBlazor and Blazor's reconnect UI set
/// style attributes and elements; images and fonts allow data: URIs (MudBlazor's icons and chart).
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        // Set when the response starts: error handlers clear the headers set before them.
        context.Response.OnStarting(static state =>
        {
            var headers = ((HttpResponse)state).Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers["Referrer-Policy"] = "no-referrer";
            return Task.CompletedTask;
        }, context.Response);
        return next(context);
    }
}
