using System.Net;
using VirtSriov.Web.Security;
using VirtSriov.Web.Tests.Hosting;

namespace VirtSriov.Web.Tests.Security;

public sealed class SecurityHeadersTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/healthz")]
    [InlineData("/api/labs")]
    [InlineData("/api/runs?page=x")]
    [InlineData("/api/artifacts/00000000-0000-0000-0000-000000000001")]
    [InlineData("/_framework/blazor.web.js")]
    [InlineData("/no-such-page")]
    public async Task AnyResponse_SignedIn_CarriesNoSniffAndTheContentSecurityPolicy(string path)
    {
        await using var factory = new DashboardFactory();
        var (client, _) = await SignIn.AsAdminAsync(factory, Token);

        var response = await client.GetAsync(path, Token);

        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Contains("frame-ancestors 'none'", SecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiResponse_WithoutSignIn_CarriesNoSniff()
    {
        await using var factory = new DashboardFactory();
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync("/api/runs", Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }
}
