using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;
using VirtSriov.Web.Components.Pages;
using VirtSriov.Web.Tests.Fakes;

namespace VirtSriov.Web.Tests.Components.Pages;

public sealed class CompareTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Render_TwoRuns_ShowsDifferingSettingsPlanDiffsResultsAndOneOverlayAxis()
    {
        await using var context = new DashboardContext();
        var a = Run(new RunSettings { VfCount = 4 }, "02:76:73", "<vcpu>8</vcpu>", TimeSpan.FromSeconds(40));
        var b = Run(new RunSettings { VfCount = 8 }, "02:aa:bb", "<vcpu>16</vcpu>", TimeSpan.FromSeconds(95));
        context.Runs.Runs[a.Id] = a;
        context.Runs.Runs[b.Id] = b;
        await context.Events.AppendAsync([.. Samples(a.Id, Start, rxPps: 1_000, lost: 0), .. Samples(b.Id, Start.AddDays(3), rxPps: 2_000, lost: 60)], Xunit.TestContext.Current.CancellationToken);
        context.Services.GetRequiredService<NavigationManager>().NavigateTo($"runs/compare?a={a.Id}&b={b.Id}");

        var page = context.Render<Compare>();

        page.WaitForAssertion(() =>
        {
            var vfCount = page.Find("[data-setting=vfCount]");
            Assert.Equal(["VF count", "4", "8"], vfCount.QuerySelectorAll("td").Select(td => td.TextContent));
            Assert.Contains("+vf 0: mac 02:aa:bb", page.Find("[data-plan-part='WorkerVms/changes']").TextContent, StringComparison.Ordinal);
            Assert.Contains("+<vcpu>16</vcpu>", page.Find("[data-plan-part='WorkerVms/worker-0.xml']").TextContent, StringComparison.Ordinal);
            Assert.Empty(page.FindAll("[data-plan-part='WorkerVms/same.yaml']"));
            var peak = page.Find("[data-result=peak]").QuerySelectorAll("td").Select(td => td.TextContent).ToList();
            Assert.Equal(["1 kpps", "2 kpps"], peak[1..]);
            Assert.Equal(["0 %", "0.5 %"], page.Find("[data-result=loss]").QuerySelectorAll("td").Skip(1).Select(td => td.TextContent));
            var worker = page.Find("[data-step=WorkerVms]").TextContent;
            Assert.Contains("0:40", worker, StringComparison.Ordinal);
            Assert.Contains("1:35", worker, StringComparison.Ordinal);
        }, DashboardContext.Wait);
        var overlay = page.FindComponent<VirtSriov.Web.Components.Controls.ThroughputOverlay>().Instance.Series;
        Assert.Equal(["Run A Rx", "Run A Tx", "Run B Rx", "Run B Tx"], overlay.Select(s => s.Name));
        Assert.All(overlay, s => Assert.Equal(DateTime.UnixEpoch, Assert.IsType<DateTime>(s.Data.Points[0].X)));
        Assert.Equal(2 * 2_000, (double)overlay[2].Data.Points[0].Y);
    }

    [Fact]
    public async Task Render_UnknownRun_SaysToPickTwoRunsInHistory()
    {
        await using var context = new DashboardContext();
        context.Services.GetRequiredService<NavigationManager>().NavigateTo($"runs/compare?a={Guid.NewGuid()}&b={Guid.NewGuid()}");

        var page = context.Render<Compare>();

        page.WaitForAssertion(() => Assert.Contains("Pick two runs to compare in History", page.Find("[data-testid=compare-problem]").TextContent, StringComparison.Ordinal), DashboardContext.Wait);
    }

    private static RunRecord Run(RunSettings settings, string macPrefix, string xml, TimeSpan workerVmsTook) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "Simulated lab", true, RunStatus.Succeeded, settings, Start, Start.AddHours(1),
        [
            new StepRunRecord(
                StepKind.WorkerVms,
                StepStatus.Succeeded,
                [],
                StepPlan.Create(
                    StepKind.WorkerVms,
                    "patch",
                    new NoPlanDetails(),
                    [new PlannedChange("vf 0", $"mac {macPrefix}:3b:00:00")],
                    [new PlanArtifact("worker-0.xml", "xml", xml), new PlanArtifact("same.yaml", "yaml", "kind: Same")]),
                "Redefined worker-0",
                true,
                StartedAt: Start,
                FinishedAt: Start + workerVmsTook),
        ]);

    /// <summary>Two ports, three seconds each; port 1 receives <paramref name="lost"/> packets fewer than port 0 sent.</summary>
    private static IEnumerable<RunEvent> Samples(Guid runId, DateTimeOffset at, long rxPps, long lost)
    {
        var attempt = Guid.NewGuid();
        for (var second = 0; second < 3; second++)
        {
            for (var port = 0; port < 2; port++)
            {
                var packets = rxPps * (second + 1);
                var sample = new ThroughputSample(port, packets - (port == 1 ? lost : 0), packets, 0, 0, 0, 0, 0, rxPps, rxPps, 0, 0) { TestAttempt = attempt };
                yield return new RunEvent(runId, (second * 2) + port + 1, at.AddSeconds(second), RunEventKind.Throughput, StepKind.DpdkTest, $"port {port}", Sample: sample);
            }
        }
    }
}
