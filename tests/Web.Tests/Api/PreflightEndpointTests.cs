using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
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

    [Fact]
    public async Task Get_WithoutSignIn_Returns401()
    {
        await using var factory = new DashboardFactory();
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync($"/api/preflight?labId={Guid.NewGuid()}", Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
