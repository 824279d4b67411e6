using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tokens;
using VirtSriov.Web.Api;
using VirtSriov.Web.Tests.Hosting;

namespace VirtSriov.Web.Tests.Api;

public sealed class RunEndpointTests
{
    [Fact]
    public async Task InspectPlanStepAndCompare_OnTheSimulatedLab()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new DashboardFactory();
        var client = await TokenClient.CreateAsync(factory, ApiTokenScope.Operator, ct);
        var lab = (await factory.Services.GetRequiredService<ILabStore>().ListAsync(ct)).Single(l => l.IsSimulated);
        var first = await CreateRunAsync(client, lab.Id, new RunSettings { PfAddress = "0000:3b:00.0", VfCount = 4 }, ct);

        var findings = await client.PostAsync($"/api/runs/{first}/steps/Preflight/inspect", null, ct);
        var plan = await client.PostAsync($"/api/runs/{first}/steps/preflight/plan", null, ct);
        var step = await client.GetFromJsonAsync<StepRunRecord>($"/api/runs/{first}/steps/Preflight", RunJson.Options, ct);
        await client.PostAsync($"/api/runs/{first}/abandon", null, ct);
        var second = await CreateRunAsync(client, lab.Id, new RunSettings { PfAddress = "0000:3b:00.0", VfCount = 2, VfsPerWorker = 1 }, ct);
        var comparison = await client.GetFromJsonAsync<RunComparison>($"/api/runs/compare?a={first}&b={second}", RunJson.Options, ct);

        Assert.Equal(HttpStatusCode.OK, findings.StatusCode);
        Assert.NotEmpty((await findings.Content.ReadFromJsonAsync<List<StepFinding>>(RunJson.Options, ct))!);
        Assert.Equal(StepKind.Preflight, (await plan.Content.ReadFromJsonAsync<StepPlan>(RunJson.Options, ct))!.Step);
        Assert.Equal(StepStatus.Planned, step!.Status);
        Assert.NotNull(step.Plan);
        Assert.Equal([new SettingDifference("vfCount", "4", "2"), new SettingDifference("vfsPerWorker", "2", "1")], comparison!.Settings);
        Assert.Equal((RunStatus.Cancelled, RunStatus.Active), (comparison.A.Status, comparison.B.Status));
        Assert.Equal(StepStatus.Planned, comparison.Steps[0].StatusA);
    }

    [Theory]
    [InlineData("POST", "steps/Bogus/apply", 400)]
    [InlineData("POST", "steps/3/plan", 400)]
    [InlineData("GET", "steps/Bogus", 400)]
    public async Task StepRoute_NotAStep_400NamingTheStepField(string method, string path, int status)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new DashboardFactory();
        var client = await TokenClient.CreateAsync(factory, ApiTokenScope.Operator, ct);
        var lab = (await factory.Services.GetRequiredService<ILabStore>().ListAsync(ct)).Single(l => l.IsSimulated);
        var run = await CreateRunAsync(client, lab.Id, new RunSettings { PfAddress = "0000:3b:00.0" }, ct);

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/api/runs/{run}/{path}"), ct);

        Assert.Equal(status, (int)response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(ct);
        Assert.Contains("Preflight", Assert.Single(problem!.Errors["step"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_StatusFilter_CsvAndJsonHoldOnlyTheMatchingRuns()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new DashboardFactory();
        var client = await TokenClient.CreateAsync(factory, ApiTokenScope.Operator, ct);
        var lab = (await factory.Services.GetRequiredService<ILabStore>().ListAsync(ct)).Single(l => l.IsSimulated);
        var abandoned = await CreateRunAsync(client, lab.Id, new RunSettings { PfAddress = "0000:3b:00.0", VfCount = 6, VfsPerWorker = 3 }, ct);
        await client.PostAsync($"/api/runs/{abandoned}/abandon", null, ct);
        var active = await CreateRunAsync(client, lab.Id, new RunSettings { PfAddress = "0000:3b:00.0" }, ct);

        var csv = await client.GetAsync("/api/runs/export?status=Cancelled", ct);
        var json = await client.GetAsync("/api/runs/export?format=json", ct);
        var bad = await client.GetAsync("/api/runs/export?format=xlsx", ct);

        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", csv.Content.Headers.ContentDisposition!.DispositionType);
        var lines = (await csv.Content.ReadAsStringAsync(ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"{abandoned},", lines[1], StringComparison.Ordinal);
        Assert.Contains(",Cancelled,,0,6,2,,,", lines[1], StringComparison.Ordinal);
        using var rows = System.Text.Json.JsonDocument.Parse(await json.Content.ReadAsStringAsync(ct));
        Assert.Equal(new[] { active, abandoned }.Order(), rows.RootElement.EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).Order());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task UnknownRunOrComparedRun_404ProblemWithFix()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new DashboardFactory();
        var client = await TokenClient.CreateAsync(factory, ApiTokenScope.Operator, ct);

        var apply = await client.PostAsync($"/api/runs/{Guid.NewGuid()}/steps/Preflight/apply", null, ct);
        var compare = await client.GetAsync($"/api/runs/compare?a={Guid.NewGuid()}&b={Guid.NewGuid()}", ct);

        Assert.Equal(HttpStatusCode.NotFound, apply.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, compare.StatusCode);
        Assert.Contains("\"fix\"", await apply.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateRun_HypervisorOnlyProfile_StoredAndClusterStepsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new DashboardFactory();
        var client = await TokenClient.CreateAsync(factory, ApiTokenScope.Operator, ct);
        var lab = (await factory.Services.GetRequiredService<ILabStore>().ListAsync(ct)).Single(l => l.IsSimulated);
        var response = await client.PostAsync(
            "/api/runs",
            new StringContent("""{"labId":"LAB","settings":{"runProfile":"HypervisorOnly","pfAddress":"0000:3b:00.0","vfCount":2,"workers":["virtsriov-worker-0"]}}""".Replace("LAB", lab.Id.ToString(), StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json"),
            ct);
        var id = (await response.Content.ReadFromJsonAsync<RunCreated>(RunJson.Options, ct))!.Id;

        var run = await client.GetFromJsonAsync<RunRecord>($"/api/runs/{id}", RunJson.Options, ct);
        var cluster = await client.PostAsync($"/api/runs/{id}/steps/Cluster/inspect", null, ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(RunProfile.HypervisorOnly, run!.Settings.RunProfile);
        Assert.Equal([StepKind.Preflight, StepKind.VirtualFunctions, StepKind.WorkerVms, StepKind.DpdkTest], run.Steps.Select(s => s.Step));
        Assert.Equal(StatusCodes.Status409Conflict, (int)cluster.StatusCode);
        Assert.Contains("Hypervisor only", await cluster.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    private static async Task<Guid> CreateRunAsync(HttpClient client, Guid labId, RunSettings settings, CancellationToken ct)
    {
        var response = await client.PostAsJsonAsync("/api/runs", new { labId, settings }, RunJson.Options, ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<RunCreated>(RunJson.Options, ct))!.Id;
    }
}
