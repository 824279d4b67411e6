using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

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

    /// <summary>Every endpoint the app maps, not a hand-kept list: a new route cannot forget its authorization.</summary>
    [Fact]
    public async Task EveryMappedEndpoint_WithoutSignIn_IsRefusedExceptTheAnonymousOnes()
    {
        await using var factory = new DashboardFactory();
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var anonymous = new[] { "/healthz", "/account/login", "/account/setup", "/account/logout", "/error", "/not-found" };
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && !raw.StartsWith("/_", StringComparison.Ordinal) && !raw.Contains('.', StringComparison.Ordinal))
            .Where(e => !anonymous.Contains(e.RoutePattern.RawText!.TrimEnd('/'), StringComparer.OrdinalIgnoreCase))
            .ToList();
        Assert.NotEmpty(endpoints);

        foreach (var endpoint in endpoints)
        {
            var path = Concrete(endpoint.RoutePattern.RawText!);
            var method = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods is [var first, ..] ? first : "GET";
            var response = await client.SendAsync(
                new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") },
                TestContext.Current.CancellationToken);

            Assert.True(
                response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Redirect,
                $"{method} {path} answered {(int)response.StatusCode} without sign-in");
            if (response.StatusCode == HttpStatusCode.Redirect)
            {
                Assert.Equal("/account/login", response.Headers.Location?.AbsolutePath);
            }
        }
    }

    private static string Concrete(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, "{([^}:]+)(:[^}]*)?}", m => m.Groups[2].Value.Contains("guid", StringComparison.Ordinal) ? AnyId.ToString() : "Preflight");

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
