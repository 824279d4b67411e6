using Bunit;
using VirtSriov.Core.Kcli;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;
using VirtSriov.Web.Components.Controls;
using VirtSriov.Web.Components.Pages;
using VirtSriov.Web.Live;
using VirtSriov.Web.Tests.Fakes;

namespace VirtSriov.Web.Tests.Components.Pages;

public sealed class RunDetailTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Follow_LiveLogEvents_RendersThemInTheLog()
    {
        await using var context = new DashboardContext();
        var run = NewRun(RunStatus.Active);
        context.Runs.Runs[run.Id] = run;
        var page = context.Render<RunDetail>(p => p.Add(x => x.RunId, run.Id));

        await context.Feed.Writer.WriteAsync(Log(run.Id, 1, "writing sriov_numvfs"), Xunit.TestContext.Current.CancellationToken);
        await context.Feed.Writer.WriteAsync(Log(run.Id, 2, "4 VFs present"), Xunit.TestContext.Current.CancellationToken);

        page.WaitForAssertion(() =>
        {
            var lines = page.FindAll(".run-log-line").Select(l => l.GetAttribute("data-sequence")).ToList();
            Assert.Equal(["1", "2"], lines);
            Assert.Contains("4 VFs present", page.Find("[data-sequence='2']").TextContent);
        }, DashboardContext.Wait);
    }

    [Fact]
    public async Task Follow_ReplayOverlappingLiveEvents_ShowsEachEventOnce()
    {
        await using var context = new DashboardContext();
        var run = NewRun(RunStatus.Active);
        context.Runs.Runs[run.Id] = run;
        var page = context.Render<RunDetail>(p => p.Add(x => x.RunId, run.Id));

        foreach (var sequence in new long[] { 1, 2, 2, 1, 3 })
        {
            await context.Feed.Writer.WriteAsync(Log(run.Id, sequence, $"line {sequence}"), Xunit.TestContext.Current.CancellationToken);
        }

        page.WaitForAssertion(
            () => Assert.Equal(["1", "2", "3"], page.FindAll(".run-log-line").Select(l => l.GetAttribute("data-sequence"))),
            DashboardContext.Wait);
    }

    [Fact]
    public async Task Open_StoredHistory_ReadsItOnceAndFollowsAfterItsLastSequence()
    {
        await using var context = new DashboardContext();
        var run = NewRun(RunStatus.Active);
        context.Runs.Runs[run.Id] = run;
        await context.Events.AppendAsync([Log(run.Id, 1, "stored one"), Sample(run.Id, 2, 0, 1_000), Log(run.Id, 3, "stored three")], Xunit.TestContext.Current.CancellationToken);
        var page = context.Render<RunDetail>(p => p.Add(x => x.RunId, run.Id));

        await context.Feed.Writer.WriteAsync(Log(run.Id, 4, "live four"), Xunit.TestContext.Current.CancellationToken);

        page.WaitForAssertion(
            () => Assert.Equal(["1", "3", "4"], page.FindAll(".run-log-line").Select(l => l.GetAttribute("data-sequence"))),
            DashboardContext.Wait);
        Assert.Equal([3L], context.Feed.FollowedAfter);
    }

    [Fact]
    public async Task Open_LogLongerThanOnePage_ShowOlderLoadsTheRestAndGoesAway()
    {
        await using var context = new DashboardContext();
        var run = NewRun(RunStatus.Succeeded);
        context.Runs.Runs[run.Id] = run;
        await context.Events.AppendAsync([.. Enumerable.Range(1, RunLiveState.LogPageSize + 3).Select(i => Log(run.Id, i, $"line {i}"))], Xunit.TestContext.Current.CancellationToken);
        var page = context.Render<RunDetail>(p => p.Add(x => x.RunId, run.Id));

        page.WaitForElement("[data-testid=log-show-older]", DashboardContext.Wait).Click();

        page.WaitForAssertion(() =>
        {
            Assert.Empty(page.FindAll("[data-testid=log-show-older]"));
            Assert.Equal(RunLiveState.LogPageSize + 3, page.FindComponent<RunLog>().Instance.Events.Count);
        }, DashboardContext.Wait);
    }

    [Fact]
    public async Task Follow_StoredThenLiveThroughput_ChartShowsBoth()
    {
        await using var context = new DashboardContext();
        var run = NewRun(RunStatus.Active);
        context.Runs.Runs[run.Id] = run;
        await context.Events.AppendAsync([Sample(run.Id, 1, 0, 1_000)], Xunit.TestContext.Current.CancellationToken);
        var page = context.Render<RunDetail>(p => p.Add(x => x.RunId, run.Id));

        await context.Feed.Writer.WriteAsync(Sample(run.Id, 2, 1, 2_000), Xunit.TestContext.Current.CancellationToken);

        page.WaitForAssertion(() =>
        {
            var rx = page.FindComponent<ThroughputChart>().Instance.Series.Single(s => s.Name == "Port 0 Rx");
            Assert.Equal(2, rx.Data.Points.Count);
        }, DashboardContext.Wait);
    }

    [Fact]
    public async Task Resume_InterruptedRun_CallsEngineResume()
    {
        await using var context = new DashboardContext();
        var run = NewRun(RunStatus.Interrupted);
        context.Runs.Runs[run.Id] = run;
        var page = context.Render<RunDetail>(p => p.Add(x => x.RunId, run.Id));

        page.WaitForElement("[data-testid=resume]", DashboardContext.Wait).Click();

        page.WaitForAssertion(() => Assert.Contains("resume", context.Engine.Calls), DashboardContext.Wait);
    }

    [Fact]
    public async Task Teardown_ConfirmedOnSucceededRun_CallsEngineAndShowsTornDown()
    {
        await using var context = new DashboardContext();
        var run = NewRun(RunStatus.Succeeded) with { Steps = [StepRunRecord.Pending(StepKind.Preflight) with { Status = StepStatus.Succeeded }] };
        context.Runs.Runs[run.Id] = run;
        context.Engine.TeardownResult = run with { Teardown = RunTeardown.TornDown };
        var page = context.Render<RunDetail>(p => p.Add(x => x.RunId, run.Id));

        page.WaitForElement("[data-testid=teardown]", DashboardContext.Wait).Click();
        Assert.DoesNotContain("teardown", context.Engine.Calls);
        page.WaitForElement("[data-testid=confirm-teardown]", DashboardContext.Wait).Click();

        page.WaitForAssertion(() =>
        {
            Assert.Contains("teardown", context.Engine.Calls);
            var chip = page.Find("[data-status='Succeeded'][data-teardown='TornDown']");
            Assert.Contains("Succeeded, torn down", chip.TextContent, StringComparison.Ordinal);
        }, DashboardContext.Wait);
    }

    [Fact]
    public async Task Teardown_Prompt_NamesWhatTheAppliedPlansInterruptAgainLastStepFirst()
    {
        await using var context = new DashboardContext();
        StepRunRecord Applied(StepKind step, string target, string onTeardown) => new(step, StepStatus.Succeeded, [],
            StepPlan.Create(step, "done", new NoPlanDetails(), interruptions: [new PlannedInterruption(target, "on apply", onTeardown)]));
        var run = NewRun(RunStatus.Succeeded) with
        {
            Steps =
            [
                Applied(StepKind.WorkerVms, "virtsriov-worker-0", "is shut down again"),
                Applied(StepKind.NodeTuning, "virtsriov-worker-1", "drains its pods and reboots again"),
                StepRunRecord.Pending(StepKind.DpdkTest),
            ],
        };
        context.Runs.Runs[run.Id] = run;
        var page = context.Render<RunDetail>(p => p.Add(x => x.RunId, run.Id));

        page.WaitForElement("[data-testid=teardown]", DashboardContext.Wait).Click();

        var items = page.WaitForElement("[data-testid=consent]", DashboardContext.Wait).QuerySelectorAll("li").Select(li => li.TextContent).ToList();
        Assert.Equal(["Node tuning: virtsriov-worker-1 drains its pods and reboots again", "Worker VMs: virtsriov-worker-0 is shut down again"], items);
        Assert.Empty(context.Engine.Calls);
    }

    [Fact]
    public async Task Teardown_KcliDeployedCluster_DeletedOnlyWhenTheOperatorTicksIt()
    {
        await using var context = new DashboardContext();
        var run = NewRun(RunStatus.Succeeded) with { Steps = [StepRunRecord.Pending(StepKind.Cluster) with { Status = StepStatus.Succeeded }] };
        context.Runs.Runs[run.Id] = run;
        context.Runs.AddArtifact(run.Id, StepKind.Cluster, new PlanArtifact(KcliDeployer.DeploymentRecordName, "text", "kcli-info"), Start);
        context.Engine.TeardownResult = run with { Teardown = RunTeardown.TornDown };
        var page = context.Render<RunDetail>(p => p.Add(x => x.RunId, run.Id));

        page.WaitForElement("[data-testid=teardown]", DashboardContext.Wait).Click();
        page.WaitForElement("input[data-testid=delete-kcli-cluster], [data-testid=delete-kcli-cluster] input", DashboardContext.Wait).Change(true);
        page.WaitForElement("[data-testid=confirm-teardown]", DashboardContext.Wait).Click();

        page.WaitForAssertion(() => Assert.Equal(["teardown+kcli"], context.Engine.Calls), DashboardContext.Wait);
    }

    [Fact]
    public async Task TeardownFailed_OffersTearDownAgainAndNoResume()
    {
        await using var context = new DashboardContext();
        var run = NewRun(RunStatus.Succeeded) with
        {
            Teardown = RunTeardown.Failed,
            Steps = [StepRunRecord.Pending(StepKind.Preflight) with { Status = StepStatus.Succeeded }],
        };
        context.Runs.Runs[run.Id] = run;
        var page = context.Render<RunDetail>(p => p.Add(x => x.RunId, run.Id));

        var teardown = page.WaitForElement("[data-testid=teardown]", DashboardContext.Wait);

        Assert.Contains("Tear down again", teardown.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=resume]"));
        Assert.Contains("teardown failed", page.Find("[data-status='Succeeded']").TextContent, StringComparison.Ordinal);
    }

    private static RunRecord NewRun(RunStatus status) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "Simulated lab", true, status, new RunSettings(), Start, null, []);

    private static RunEvent Log(Guid runId, long sequence, string text) =>
        new(runId, sequence, Start.AddSeconds(sequence), RunEventKind.Log, StepKind.VirtualFunctions, text);

    private static RunEvent Sample(Guid runId, long sequence, int second, long pps) =>
        new(runId, sequence, Start.AddSeconds(second), RunEventKind.Throughput, StepKind.DpdkTest, "",
            Sample: new ThroughputSample(0, pps * second, pps * second, 0, 0, 0, 0, 0, pps, pps, pps * 512, pps * 512));
}
