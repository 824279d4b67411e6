using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using VirtSriov.Core.Labs;
using VirtSriov.Web.Tests.Hosting;

namespace VirtSriov.Web.Tests.Api;

public sealed class PreflightEndpointTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Get_SimulatedLab_ReturnsTheDoctorsReport()
    {
        await using var factory = new DashboardFactory();
        var (client, _) = await SignIn.AsAdminAsync(factory, Token);
        var labs = await client.GetFromJsonAsync<JsonElement>("/api/labs", Token);
        var labId = labs.EnumerateArray().Single(l => l.GetProperty("kind").GetString() == "Simulated").GetProperty("id").GetString();

        var response = await client.GetAsync($"/api/preflight?labId={labId}&pfAddress=0000:3b:00.0", Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token));
        Assert.True(report.RootElement.GetProperty("simulated").GetBoolean());
        var findings = report.RootElement.GetProperty("findings").EnumerateArray().ToDictionary(f => f.GetProperty("id").GetString()!, f => f.GetProperty("severity").GetString());
        Assert.Equal("Ok", findings["iommu.enabled"]);
        Assert.Equal("Ok", findings["iommu.intremap"]);
        Assert.Equal("Ok", findings["ovmf.firmware"]);
        Assert.Equal("Ok", findings["sriov.nic.0000:3b:00.0"]);
        Assert.DoesNotContain("Error", findings.Values);
    }

    [Fact]
    public async Task Get_UnknownLab_Returns404WithProblem()
    {
        await using var factory = new DashboardFactory();
        var (client, _) = await SignIn.AsAdminAsync(factory, Token);

        var response = await client.GetAsync($"/api/preflight?labId={Guid.NewGuid()}", Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("There is no lab", await response.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("test:///no-such-file.xml", "empty")]
    [InlineData("test:///no-such-file.xml", "missing")]
    public async Task Get_LabThatCannotOpen_AnswersAnErrorFindingWithTheFixNotA500(string libvirtUri, string sysfs)
    {
        await using var factory = new DashboardFactory();
        var (client, _) = await SignIn.AsAdminAsync(factory, Token);
        var root = Path.Combine(factory.DataDirectory, "host-" + sysfs);
        if (sysfs == "empty")
        {
            Directory.CreateDirectory(root);
        }

        var lab = await factory.Services.GetRequiredService<ILabStore>().AddAsync("broken", LabKind.Host, root, libvirtUri, Token);

        var response = await client.GetAsync($"/api/preflight?labId={lab.Id}", Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token));
        var finding = Assert.Single(report.RootElement.GetProperty("findings").EnumerateArray());
        Assert.Equal("lab.unreachable", finding.GetProperty("id").GetString());
        Assert.Equal("Error", finding.GetProperty("severity").GetString());
        Assert.False(string.IsNullOrWhiteSpace(finding.GetProperty("fix").GetString()));
    }

    [Fact]
    public async Task Get_WithoutSignIn_Returns401()
    {
        await using var factory = new DashboardFactory();
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync($"/api/preflight?labId={Guid.NewGuid()}", Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
