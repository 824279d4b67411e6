using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using VirtSriov.Core.Tokens;

namespace VirtSriov.Web.Tests.Hosting;

/// <summary>Creates an API token in the app's store and returns a client that sends it, with no cookie.</summary>
public static class TokenClient
{
    public static async Task<HttpClient> CreateAsync(DashboardFactory factory, ApiTokenScope scope, CancellationToken cancellationToken, string? name = null)
    {
        var tokens = factory.Services.GetRequiredService<IApiTokenStore>();
        var created = await tokens.CreateAsync(name ?? $"test-{scope}", scope, DateTimeOffset.UtcNow.AddDays(1), "admin", cancellationToken);
        return WithSecret(factory, created.Secret);
    }

    public static HttpClient WithSecret(DashboardFactory factory, string secret)
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }
}
