using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using VirtSriov.Core.Audit;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Steps;

namespace VirtSriov.Web.Tests.Hosting;

/// <summary>Root-level actions are recorded with the operator who took them.</summary>
public sealed class AuditTests
{
    [Fact]
    public async Task CreateRunThroughApi_SignedIn_RecordsSignInAndRunCreateWithTheOperator()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new DashboardFactory();
        var (client, _) = await SignIn.AsAdminAsync(factory, ct);
        var lab = (await factory.Services.GetRequiredService<ILabStore>().ListAsync(ct)).Single(l => l.IsSimulated);

        var response = await client.PostAsJsonAsync(
            "/api/runs",
            new { labId = lab.Id, settings = new RunSettings { PfAddress = "0000:3b:00.0" } },
            RunJson.Options,
            ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var audit = (await factory.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(PageSize: 10), ct)).Items;
        Assert.Contains(audit, e => e.Action == "sign-in" && e.User == SignIn.UserName);
        var create = Assert.Single(audit, e => e.Action == "run.create");
        Assert.Equal(SignIn.UserName, create.User);
        Assert.Contains("0000:3b:00.0", create.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_WrongPassword_RecordedAsFailed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new DashboardFactory();
        await SignIn.AsAdminAsync(factory, ct);
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        await FormPost.SubmitAsync(client, "/account/login", SignIn.Credentials(SignIn.UserName, "wrong-password-1"), ct);

        var audit = (await factory.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(PageSize: 10), ct)).Items;
        Assert.Contains(audit, e => e.Action == "sign-in.failed" && e.User == SignIn.UserName);
    }
}
