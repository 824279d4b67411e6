using Microsoft.AspNetCore.Components.Authorization;
using VirtSriov.Core.Audit;

namespace VirtSriov.Web.Audit;

/// <summary>
/// The signed-in operator of this scope: the HTTP request's user for API calls, the circuit's user for pages
/// (a Blazor circuit has no HttpContext of its own).
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor http, IServiceProvider services) : IAuditActor
{
    public async Task<string> NameAsync()
    {
        if (http.HttpContext?.User.Identity is { IsAuthenticated: true, Name: { } name })
        {
            return name;
        }

        var state = services.GetService<AuthenticationStateProvider>() is { } provider
            ? await provider.GetAuthenticationStateAsync()
            : null;
        return state?.User.Identity?.Name ?? "unknown";
    }
}
