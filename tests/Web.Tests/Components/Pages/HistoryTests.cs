using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;
using VirtSriov.TestDoubles;
using VirtSriov.Web.Components.Pages;
using VirtSriov.Web.Tests.Fakes;

namespace VirtSriov.Web.Tests.Components.Pages;

public sealed class HistoryTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Render_RunsWithAndWithoutATest_ShowsVfsWorkersPeakMeanAndLoss()
    {
        await using var context = new DashboardContext();
        var lab = context.Labs.Add(InMemoryLabStore.Simulated());
        var tested = Add(context, lab.Id, RunStatus.Succeeded, new RunSettings { VfCount = 8, Workers = ["w-0", "w-1", "w-2"] });
        var untested = Add(context, lab.Id, RunStatus.Active, new RunSettings());
        context.Runs.Throughput[tested.Id] = new RunThroughput(14_880_952, 12_000_000.4, 0.125);

        var page = context.Render<History>();

        page.WaitForAssertion(() =>
        {
            var row = page.Find($"[data-run='{tested.Id}']");
            Assert.Equal("8", row.QuerySelector("[data-column=vfs]")!.TextContent);
            Assert.Equal("3", row.QuerySelector("[data-column=workers]")!.TextContent);
            Assert.Equal("14.88 Mpps", row.QuerySelector("[data-column=peak]")!.TextContent);
            Assert.Equal("12 Mpps", row.QuerySelector("[data-column=mean]")!.TextContent);
            Assert.Equal("0.125 %", row.QuerySelector("[data-column=loss]")!.TextContent);
            Assert.Equal("–", page.Find($"[data-run='{untested.Id}'] [data-column=peak]").TextContent);
        }, DashboardContext.Wait);
    }

    [Fact]
    public async Task Export_StatusFiltered_LinksCarryTheFilter()
    {
        await using var context = new DashboardContext();
        var lab = context.Labs.Add(InMemoryLabStore.Simulated());
        Add(context, lab.Id, RunStatus.Succeeded, new RunSettings());
        var page = context.Render<History>();
        page.WaitForElement("[data-testid=export-csv]", DashboardContext.Wait);

        await page.InvokeAsync(() => page.FindComponents<MudBlazor.MudSelect<RunStatus?>>().Single().Instance.ValueChanged.InvokeAsync(RunStatus.Failed));

        page.WaitForAssertion(() =>
        {
            Assert.Equal("/api/runs/export?format=csv&status=Failed", page.Find("[data-testid=export-csv]").GetAttribute("href"));
            Assert.Equal("/api/runs/export?format=json&status=Failed", page.Find("[data-testid=export-json]").GetAttribute("href"));
            Assert.Equal("No runs match these filters.", page.Find("[data-testid=no-runs]").TextContent);
        }, DashboardContext.Wait);
    }

    [Fact]
    public async Task Abandon_ActiveRun_AsksFirstThenCallsTheEngine()
    {
        await using var context = new DashboardContext();
        var lab = context.Labs.Add(InMemoryLabStore.Simulated());
        var active = Add(context, lab.Id, RunStatus.Active, new RunSettings());
        var finished = Add(context, lab.Id, RunStatus.Succeeded, new RunSettings());
        var page = context.Render<History>();

        page.WaitForElement($"[data-abandon='{active.Id}']", DashboardContext.Wait).Click();
        Assert.Empty(page.FindAll($"[data-abandon='{finished.Id}']"));
        Assert.Contains("Nothing is undone", page.Find("[data-testid=consent]").TextContent, StringComparison.Ordinal);
        Assert.Empty(context.Engine.Calls);
        page.Find("[data-testid=confirm-abandon]").Click();

        page.WaitForAssertion(() => Assert.Equal([$"abandon {active.Id}"], context.Engine.Calls), DashboardContext.Wait);
    }

    [Fact]
    public async Task Compare_TwoRunsPicked_OpensTheComparisonOfBoth()
    {
        await using var context = new DashboardContext();
        var lab = context.Labs.Add(InMemoryLabStore.Simulated());
        var runs = Enumerable.Range(0, 3).Select(i => Add(context, lab.Id, RunStatus.Succeeded, new RunSettings(), Start.AddMinutes(i))).ToList();
        var page = context.Render<History>();
        page.WaitForElement("[data-testid=compare]", DashboardContext.Wait);
        Assert.True(page.Find("[data-testid=compare]").HasAttribute("disabled"));

        page.Find(Pick(runs[0].Id)).Change(true);
        page.Find(Pick(runs[2].Id)).Change(true);
        Assert.True(page.Find(Pick(runs[1].Id)).HasAttribute("disabled"));
        page.Find("[data-testid=compare]").Click();

        Assert.EndsWith($"/runs/compare?a={runs[0].Id}&b={runs[2].Id}", context.Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    private static string Pick(Guid runId) => $"input[data-compare='{runId}'], [data-compare='{runId}'] input";

    private static RunRecord Add(DashboardContext context, Guid labId, RunStatus status, RunSettings settings, DateTimeOffset? at = null)
    {
        var run = new RunRecord(Guid.NewGuid(), labId, "Simulated lab", true, status, settings, at ?? Start, null, [StepRunRecord.Pending(StepKind.Preflight)]);
        context.Runs.Runs[run.Id] = run;
        return run;
    }
}
