using System.Net;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;
using VirtSriov.Web.Security;
using VirtSriov.Web.Tests.Hosting;

namespace VirtSriov.Web.Tests.Security;

/// <summary>A page on another port of the same host must not act or read through the operator's cookie.</summary>
public sealed class CrossSiteRequestTests
{
    private const string ForeignOrigin = "http://127.0.0.1:8888";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(ForeignOrigin, null)]
    [InlineData("null", null)]
    [InlineData(null, "same-site")]
    [InlineData(null, "cross-site")]
    public async Task PostWithCookie_FromAnotherOrigin_IsRefusedAndChangesNothing(string? origin, string? fetchSite)
    {
        await using var factory = new DashboardFactory();
        var (client, _) = await SignIn.AsAdminAsync(factory, Token);
        var runId = await CreateRunAsync(factory);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/runs/{runId}/cancel");
        request.Headers.Add(CrossSiteRequestGuard.HeaderName, "1");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }

        var response = await client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("open the dashboard itself", await response.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.Equal(RunStatus.Active, (await factory.Services.GetRequiredService<IRunStore>().GetAsync(runId, Token))!.Status);
    }

    [Fact]
    public async Task PostWithCookie_WithoutTheDashboardHeader_IsRefused()
    {
        await using var factory = new DashboardFactory();
        var (client, _) = await SignIn.AsAdminAsync(factory, Token);
        client.DefaultRequestHeaders.Remove(CrossSiteRequestGuard.HeaderName);
        var runId = await CreateRunAsync(factory);

        var response = await client.PostAsync($"/api/runs/{runId}/cancel", new StringContent("", System.Text.Encoding.UTF8, "text/plain"), Token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains(CrossSiteRequestGuard.HeaderName, await response.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostWithCookie_FromThisOriginWithTheDashboardHeader_IsServed()
    {
        await using var factory = new DashboardFactory();
        var (client, _) = await SignIn.AsAdminAsync(factory, Token);
        client.DefaultRequestHeaders.Remove(CrossSiteRequestGuard.HeaderName);
        var runId = await CreateRunAsync(factory);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/runs/{runId}/cancel");
        request.Headers.Add("Origin", "http://localhost");
        request.Headers.Add("Sec-Fetch-Site", "same-origin");
        request.Headers.Add(CrossSiteRequestGuard.HeaderName, "1");

        var response = await client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task GetWithCookie_FromAnotherOrigin_IsRefused()
    {
        await using var factory = new DashboardFactory();
        var (client, _) = await SignIn.AsAdminAsync(factory, Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/labs");
        request.Headers.Add("Origin", ForeignOrigin);

        var response = await client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task HubNegotiate_FromAnotherOrigin_IsRefused()
    {
        await using var factory = new DashboardFactory();
        var (client, _) = await SignIn.AsAdminAsync(factory, Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/runs/negotiate?negotiateVersion=1");
        request.Headers.Add("Origin", ForeignOrigin);

        var response = await client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task HubWebSocket_FromAnotherOrigin_HandshakeIsRefused_FromThisOrigin_Connects()
    {
        await using var factory = new DashboardFactory();
        var (_, cookies) = await SignIn.AsAdminAsync(factory, Token);
        var server = factory.Server;
        var cookie = cookies.GetCookieHeader(server.BaseAddress);
        var socketUri = new Uri(new Uri(server.BaseAddress.ToString().Replace("http", "ws", StringComparison.Ordinal)), "hubs/runs");
        var foreign = server.CreateWebSocketClient();
        foreign.ConfigureRequest = r =>
        {
            r.Headers.Origin = ForeignOrigin;
            r.Headers.Cookie = cookie;
        };

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => foreign.ConnectAsync(socketUri, Token).WaitAsync(TimeSpan.FromSeconds(30), Token));
        Assert.Contains("403", refused.Message, StringComparison.Ordinal);

        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, "hubs/runs"), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.WebSocketFactory = async (context, ct) =>
                {
                    var own = server.CreateWebSocketClient();
                    own.ConfigureRequest = r =>
                    {
                        r.Headers.Origin = "http://localhost";
                        r.Headers.Cookie = cookie;
                    };
                    return await own.ConnectAsync(context.Uri, ct);
                };
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();
        await connection.StartAsync(Token).WaitAsync(TimeSpan.FromSeconds(30), Token);
        Assert.Equal(HubConnectionState.Connected, connection.State);
    }

    private static async Task<Guid> CreateRunAsync(DashboardFactory factory)
    {
        var lab = await factory.Services.GetRequiredService<ILabStore>()
            .AddAsync("lab-" + Guid.NewGuid().ToString("N"), LabKind.Host, "/", "test:///default", Token);
        return (await factory.Services.GetRequiredService<IRunStore>().CreateAsync(lab.Id, new RunSettings(), DateTimeOffset.UnixEpoch, Token)).Id;
    }
}
