using Bunit;
using VirtSriov.Core.Runs;
using VirtSriov.Web.Components.Pages;
using VirtSriov.Web.Tests.Fakes;

namespace VirtSriov.Web.Tests.Components.Pages;

public sealed class NewRunTests
{
    [Fact]
    public async Task Create_EngineRefusesSettings_ShowsEachFieldErrorOnItsField()
    {
        await using var context = new DashboardContext();
        context.Labs.Labs.Add(FakeLabStore.Simulated());
        context.Engine.CreateError = new RunSettingsException(
        [
            new FieldError("VfCount", "The PF supports at most 64 VFs."),
            new FieldError("Workers[1]", "No domain named worker-9."),
        ]);
        var page = context.Render<NewRun>();

        page.Find("[data-testid=create-run]").Click();

        page.WaitForAssertion(() =>
        {
            Assert.Contains("The PF supports at most 64 VFs.", FieldText(page, "VF count"));
            Assert.Contains("No domain named worker-9.", FieldText(page, "Workers"));
            Assert.DoesNotContain("No domain named worker-9.", FieldText(page, "VF count"));
        }, DashboardContext.Wait);
        Assert.Contains($"create {context.Labs.Labs[0].Id}", context.Engine.Calls);
    }

    [Fact]
    public async Task Render_SimulatedLab_ShowsSimulatedLabel()
    {
        await using var context = new DashboardContext();
        context.Labs.Labs.Add(FakeLabStore.Simulated());

        var page = context.Render<NewRun>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=simulated]")), DashboardContext.Wait);
    }

    private static string FieldText(IRenderedComponent<NewRun> page, string label) =>
        page.FindAll(".mud-input-control").Single(c => c.QuerySelector("label")?.TextContent.Trim() == label).TextContent;
}
