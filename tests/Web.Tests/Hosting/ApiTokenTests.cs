using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using VirtSriov.Core.Audit;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tokens;

namespace VirtSriov.Web.Tests.Hosting;

/// <summary>API tokens: a separate bearer scheme on /api, scoped, revocable, every call audited under the token's name.</summary>
public sealed class ApiTokenTests
{
    [Fact]
    public async Task OperatorToken_CreatesRun_WithoutCookieOrAntiforgery_AuditedUnderTokenName()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new DashboardFactory();
        var client = await TokenClient.CreateAsync(factory, ApiTokenScope.Operator, ct, name: "ci-nightly");
        var lab = (await factory.Services.GetRequiredService<ILabStore>().ListAsync(ct)).Single(l => l.IsSimulated);

        var response = await client.PostAsJsonAsync("/api/runs", new { labId = lab.Id, settings = new RunSettings { PfAddress = "0000:3b:00.0" } }, RunJson.Options, ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var audit = (await factory.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(PageSize: 10), ct)).Items;
        Assert.Equal("token:ci-nightly", Assert.Single(audit, e => e.Action == "run.create").User);
        var call = Assert.Single(audit, e => e.Action == "token.call");
        Assert.Equal("token:ci-nightly", call.User);
        Assert.Equal("POST /api/runs → 201", call.Detail);
    }

    [Fact]
    public async Task ReadOnlyToken_ReadsButStateChangeIsRefusedWithProblemDetails()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new DashboardFactory();
        var client = await TokenClient.CreateAsync(factory, ApiTokenScope.ReadOnly, ct, name: "grafana");
        var lab = (await factory.Services.GetRequiredService<ILabStore>().ListAsync(ct)).Single(l => l.IsSimulated);

        var read = await client.GetAsync("/api/labs", ct);
        var write = await client.PostAsJsonAsync("/api/runs", new { labId = lab.Id }, RunJson.Options, ct);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        var problem = await write.Content.ReadFromJsonAsync<ProblemDetails>(ct);
        Assert.Contains("read-only", problem!.Detail, StringComparison.Ordinal);
        Assert.True(problem.Extensions.ContainsKey("fix"));
        var audit = (await factory.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(PageSize: 10), ct)).Items;
        Assert.Contains(audit, e => e.User == "token:grafana" && e.Detail == "POST /api/runs → 403");
        Assert.DoesNotContain(audit, e => e.Action == "run.create");
    }

    [Fact]
    public async Task RevokedOrUnknownToken_Refused401WithBearerChallenge()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new DashboardFactory();
        var tokens = factory.Services.GetRequiredService<IApiTokenStore>();
        var created = await tokens.CreateAsync("old", ApiTokenScope.Operator, DateTimeOffset.UtcNow.AddDays(1), "admin", ct);
        await tokens.RevokeAsync(created.Token.Id, ct);

        var revoked = await TokenClient.WithSecret(factory, created.Secret).GetAsync("/api/labs", ct);
        var unknown = await TokenClient.WithSecret(factory, ApiTokenSecret.Generate()).GetAsync("/api/labs", ct);

        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal("Bearer", Assert.Single(revoked.Headers.WwwAuthenticate).Scheme);
    }

    [Theory]
    [InlineData("/tokens")]
    [InlineData("/labs")]
    public async Task OperatorToken_OnAPage_IsNotASignIn(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new DashboardFactory();
        var client = await TokenClient.CreateAsync(factory, ApiTokenScope.Operator, ct);

        var response = await client.GetAsync(path, ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location?.AbsolutePath);
    }
}
