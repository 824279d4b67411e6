using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using VirtSriov.Core.Audit;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tokens;
using VirtSriov.Web.Tests.Hosting;

namespace VirtSriov.Web.Tests.Api;

public sealed class LabEndpointTests
{
    [Fact]
    public async Task AddEditReachDelete_HostLab_EachStepAnsweredAndAudited()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new DashboardFactory();
        var client = await TokenClient.CreateAsync(factory, ApiTokenScope.Operator, ct, name: "lab-admin");

        var added = await client.PostAsJsonAsync("/api/labs", new { name = "rack-7", sysfsRoot = "/", libvirtUri = "test:///default" }, RunJson.Options, ct);
        var lab = await added.Content.ReadFromJsonAsync<LabDefinition>(RunJson.Options, ct);
        var edited = await client.PutAsJsonAsync($"/api/labs/{lab!.Id}", new { name = "rack-8", sysfsRoot = "/", libvirtUri = "test:///default" }, RunJson.Options, ct);
        var reach = await client.GetFromJsonAsync<LabReach>($"/api/labs/{lab.Id}/reach", RunJson.Options, ct);
        var deleted = await client.DeleteAsync($"/api/labs/{lab.Id}", ct);
        var gone = await client.GetAsync($"/api/labs/{lab.Id}", ct);

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(("rack-7", LabKind.Host, false), (lab.Name, lab.Kind, lab.HasKubeconfig));
        Assert.Equal("rack-8", (await edited.Content.ReadFromJsonAsync<LabDefinition>(RunJson.Options, ct))!.Name);
        Assert.True(reach!.Reachable, string.Join("; ", reach.Seams.Select(s => $"{s.Seam}: {s.Detail}")));
        Assert.Equal(["sysfs", "hypervisor", "cluster"], reach.Seams.Select(s => s.Seam));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.True((await gone.Content.ReadFromJsonAsync<ProblemDetails>(ct))!.Extensions.ContainsKey("fix"));
        var audit = (await factory.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(PageSize: 50), ct)).Items;
        Assert.Equal(["lab.add", "lab.edit", "lab.delete"], audit.Where(e => e.Action.StartsWith("lab.", StringComparison.Ordinal)).Reverse().Select(e => e.Action));
        Assert.All(audit, e => Assert.Equal("token:lab-admin", e.User));
    }

    [Fact]
    public async Task Hypervisors_HostLabOnThisMachineAndAnUnreachableSshHost_OneRowEachWithNicsOrTheReason()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new DashboardFactory();
        var client = await TokenClient.CreateAsync(factory, ApiTokenScope.Operator, ct, name: "lab-admin");
        await client.PostAsJsonAsync("/api/labs", new { name = "here", sysfsRoot = "/", libvirtUri = "test:///default" }, RunJson.Options, ct);
        await client.PostAsJsonAsync("/api/labs", new { name = "gone", sysfsRoot = "/", libvirtUri = "qemu+ssh://root@127.0.0.1:1/system" }, RunJson.Options, ct);

        var hypervisors = await client.GetFromJsonAsync<List<HypervisorStatus>>("/api/hypervisors", RunJson.Options, ct) ?? [];

        Assert.Equal(["gone", "here"], hypervisors.Select(h => h.LabName).Order(StringComparer.Ordinal));
        var gone = hypervisors.Single(h => h.LabName == "gone");
        Assert.False(gone.Reachable);
        Assert.Contains("root@127.0.0.1:1", gone.Problem, StringComparison.Ordinal);
        Assert.Empty(gone.Nics);
        Assert.True(hypervisors.Single(h => h.LabName == "here").Reachable);
        Assert.DoesNotContain(hypervisors, h => h.LabName.Contains("Simulated", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Add_BadInput_400NamingEveryField()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new DashboardFactory();
        var client = await TokenClient.CreateAsync(factory, ApiTokenScope.Operator, ct);

        var response = await client.PostAsJsonAsync("/api/labs", new { name = " ", sysfsRoot = "sys", libvirtUri = "qemu", kubeconfig = "not: [a kubeconfig" }, RunJson.Options, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(ct);
        Assert.Equal(["kubeconfig", "libvirtUri", "name", "sysfsRoot"], problem!.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(await factory.Services.GetRequiredService<ILabStore>().ListAsync(ct), l => l.Kind == LabKind.Host);
    }

    [Fact]
    public async Task Add_OptionsThatRunPrograms_RefusedUnlessAllowedAndThenAudited()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new DashboardFactory();
        var client = await TokenClient.CreateAsync(factory, ApiTokenScope.Operator, ct);
        const string RiskyUri = "qemu+ssh://root@kvm1/system?command=/tmp/evil";

        var refused = await client.PostAsJsonAsync("/api/labs", new { name = "kvm1", sysfsRoot = "/", libvirtUri = RiskyUri }, RunJson.Options, ct);
        var allowed = await client.PostAsJsonAsync("/api/labs", new { name = "kvm1", sysfsRoot = "/", libvirtUri = RiskyUri, allowProgramOptions = true }, RunJson.Options, ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(ct);
        Assert.Contains("command", Assert.Single(problem!.Errors["libvirtUri"]), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        var audit = (await factory.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(Action: "lab.add"), ct)).Items;
        Assert.Contains("allowed options that run programs", Assert.Single(audit).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoredBeforeTheRule_RiskyUri_RefusedWhenOpenedUntilAllowedByAnEdit()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new DashboardFactory();
        var client = await TokenClient.CreateAsync(factory, ApiTokenScope.Operator, ct);
        const string RiskyUri = "qemu:///system?socket=/tmp/virtsriov-no-such.sock";
        // As an earlier version stored it: straight into the store, nobody allowed anything.
        var lab = await factory.Services.GetRequiredService<ILabStore>().AddAsync("old-kvm", LabKind.Host, "/", RiskyUri, ct);

        var refused = await client.GetFromJsonAsync<LabReach>($"/api/labs/{lab.Id}/reach", RunJson.Options, ct);
        var edited = await client.PutAsJsonAsync($"/api/labs/{lab.Id}", new { name = "old-kvm", sysfsRoot = "/", libvirtUri = RiskyUri, allowProgramOptions = true }, RunJson.Options, ct);
        var allowed = await client.GetFromJsonAsync<LabReach>($"/api/labs/{lab.Id}/reach", RunJson.Options, ct);

        Assert.False(refused!.Reachable);
        Assert.Contains(refused.Seams, s => s.Detail.Contains("nobody allowed it", StringComparison.Ordinal) && s.Detail.Contains("socket", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.True((await factory.Services.GetRequiredService<ILabStore>().GetAsync(lab.Id, ct))!.AllowsProgramOptions);
        Assert.DoesNotContain(allowed!.Seams, s => s.Detail.Contains("nobody allowed it", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Delete_SimulatedLab_409WithTheFix()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new DashboardFactory();
        var client = await TokenClient.CreateAsync(factory, ApiTokenScope.Operator, ct);
        var simulated = (await factory.Services.GetRequiredService<ILabStore>().ListAsync(ct)).Single(l => l.IsSimulated);

        var response = await client.DeleteAsync($"/api/labs/{simulated.Id}", ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("fix").GetString()));
    }

    [Fact]
    public async Task Reach_SimulatedLab_EverySeamAnswers()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new DashboardFactory();
        var client = await TokenClient.CreateAsync(factory, ApiTokenScope.ReadOnly, ct);
        var simulated = (await factory.Services.GetRequiredService<ILabStore>().ListAsync(ct)).Single(l => l.IsSimulated);

        var reach = await client.GetFromJsonAsync<LabReach>($"/api/labs/{simulated.Id}/reach", RunJson.Options, ct);

        Assert.True(reach!.Reachable, string.Join("; ", reach.Seams.Select(s => $"{s.Seam}: {s.Detail}")));
        Assert.True(reach.Simulated);
        Assert.StartsWith("Kubernetes", reach.Seams.Single(s => s.Seam == "cluster").Detail, StringComparison.Ordinal);
    }
}
