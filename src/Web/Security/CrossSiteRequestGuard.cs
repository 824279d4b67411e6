using VirtSriov.Web.Hosting;

namespace VirtSriov.Web.Security;

/// <summary>
/// Refuses API and hub requests that a page of another origin could make with the operator's cookie.
/// SameSite=Strict does not help here: another port of 127.0.0.1 is the same site. So a request that names a
/// foreign <c>Origin</c>, or that the browser marks as cross-origin (<c>Sec-Fetch-Site</c>), is refused; this also
/// covers the hub's WebSocket handshake, which CORS does not. A state-changing API call must in addition carry
/// <see cref="HeaderName"/> (a browser sends a custom header cross-origin only after a CORS preflight, which this
/// app never grants) or an <c>Authorization</c> header (an API token; never attached by a browser on its own).
/// </summary>
public sealed class CrossSiteRequestGuard(RequestDelegate next)
{
    public const string HeaderName = "X-VirtSriov-Request";

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var isApi = request.Path.StartsWithSegments("/api");
        if (!isApi && !request.Path.StartsWithSegments(RunHubExtensions.Path))
        {
            return next(context);
        }

        return Refusal(request, isApi) is { } reason
            ? Results.Problem(
                    title: "Cross-origin request refused",
                    detail: reason,
                    statusCode: StatusCodes.Status403Forbidden)
                .ExecuteAsync(context)
            : next(context);
    }

    /// <summary>Why the request is refused, or null when it is allowed.</summary>
    public static string? Refusal(HttpRequest request, bool changesStateThroughApi)
    {
        var origins = request.Headers.Origin;
        if (origins.Count > 1 || (origins.Count == 1 && !IsThisOrigin(origins[0], request)))
        {
            return $"The request comes from origin '{origins}', not from this dashboard; open the dashboard itself to act.";
        }

        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite is not ("" or "same-origin" or "none"))
        {
            return $"The browser marked the request as {fetchSite}; open the dashboard itself to act.";
        }

        var safe = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method);
        if (changesStateThroughApi && !safe && !request.Headers.ContainsKey(HeaderName) && !request.Headers.ContainsKey("Authorization"))
        {
            return $"A state-changing API call must carry the header '{HeaderName}: 1' (or an API token in Authorization).";
        }

        return null;
    }

    private static bool IsThisOrigin(string? origin, HttpRequest request) =>
        string.Equals(origin, $"{request.Scheme}://{request.Host.Value}", StringComparison.OrdinalIgnoreCase);
}
