using System.Net;

namespace VirtSriov.Web.Tests.Hosting;

public sealed class AuthorizationTests
{
    private static readonly string AnyId = Guid.NewGuid().ToString();

    public static TheoryData<string> Pages => ["/", "/runs/new", "/history", "/labs", $"/runs/{AnyId}", $"/runs/{AnyId}/wizard/Preflight"];

    public static TheoryData<string, string> Apis => new()
    {
        { "GET", "/api/labs" },
        { "GET", "/api/runs" },
        { "GET", $"/api/runs/{AnyId}" },
        { "GET", $"/api/runs/{AnyId}/events?after=3" },
        { "GET", $"/api/artifacts/{AnyId}" },
        { "POST", "/api/runs" },
        { "POST", "/hubs/runs/negotiate?negotiateVersion=1" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Get_PageWithoutSignIn_RedirectsToLogin(string path)
    {
        await using var factory = new DashboardFactory();
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location?.AbsolutePath);
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task Call_ApiOrHubWithoutSignIn_Returns401(string method, string path)
    {
        await using var factory = new DashboardFactory();
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Get_HealthWithoutSignIn_ReturnsHealthy()
    {
        await using var factory = new DashboardFactory();
        var client = factory.CreateClient();

        var response = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Get_LoginPageWithoutSignIn_ShowsTheForm()
    {
        await using var factory = new DashboardFactory();
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync("/account/login", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Sign in", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
