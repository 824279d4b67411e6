using Bunit;
using Microsoft.Extensions.Time.Testing;
using VirtSriov.Core.Cluster;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;
using VirtSriov.Web.Components.Pages;
using VirtSriov.Web.Tests.Fakes;

namespace VirtSriov.Web.Tests.Components.Pages;

public sealed class StepWizardTests
{
    [Fact]
    public async Task Render_PlannedStepWithErrorFinding_ShowsFindingsPlanArtifactsAndDisablesApply()
    {
        await using var context = new DashboardContext();
        var run = RunWith(new StepRunRecord(
            StepKind.VirtualFunctions,
            StepStatus.Planned,
            [
                new StepFinding("pf.link", FindingSeverity.Error, "PF link is down", "ens1f0 is DOWN", "VFs probe before the PF is up", "ip link set ens1f0 up"),
                new StepFinding("vfio.loaded", FindingSeverity.Ok, "vfio-pci loaded", "module present"),
            ],
            StepPlan.Create(
                StepKind.VirtualFunctions,
                "Create 4 VFs on 0000:3b:00.0",
                new NoPlanDetails(),
                [new PlannedChange("/sys/bus/pci/devices/0000:3b:00.0/sriov_numvfs", "0 → 4")],
                [new PlanArtifact("virtsriov-vfs.service", "text", "[Unit]\nBefore=libvirtd.service")])));
        context.Runs.Runs[run.Id] = run;

        var page = context.Render<StepWizard>(p => p.Add(x => x.RunId, run.Id).Add(x => x.Step, "VirtualFunctions"));

        page.WaitForAssertion(() =>
        {
            Assert.Equal("Error", page.Find("[data-finding='pf.link'] [data-severity]").GetAttribute("data-severity"));
            Assert.Contains("ip link set ens1f0 up", page.Find("[data-finding='pf.link']").TextContent);
            Assert.Contains("VFs probe before the PF is up", page.Find("[data-finding='pf.link']").TextContent);
            Assert.Contains("Create 4 VFs on 0000:3b:00.0", page.Find("[data-testid=plan-summary]").TextContent);
            Assert.Contains("0 → 4", page.Markup);
            Assert.Contains("Before=libvirtd.service", page.Find("[data-artifact='virtsriov-vfs.service'] pre").TextContent);
            Assert.True(page.Find("[data-testid=apply]").HasAttribute("disabled"));
        }, DashboardContext.Wait);
        Assert.DoesNotContain(context.Engine.Calls, c => c.StartsWith("apply", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Apply_NoErrorFinding_CallsEngineApply()
    {
        await using var context = new DashboardContext();
        var run = RunWith(new StepRunRecord(
            StepKind.VirtualFunctions,
            StepStatus.Planned,
            [new StepFinding("vfio.loaded", FindingSeverity.Ok, "vfio-pci loaded", "module present")],
            StepPlan.Create(StepKind.VirtualFunctions, "Create 4 VFs", new NoPlanDetails())));
        context.Runs.Runs[run.Id] = run;
        var page = context.Render<StepWizard>(p => p.Add(x => x.RunId, run.Id).Add(x => x.Step, "VirtualFunctions"));

        page.WaitForElement("[data-testid=apply]:not([disabled])", DashboardContext.Wait).Click();

        page.WaitForAssertion(() => Assert.Contains("apply VirtualFunctions", context.Engine.Calls), DashboardContext.Wait);
    }

    [Fact]
    public async Task Render_HostLab_ShowsStepLimitations()
    {
        await using var context = new DashboardContext();
        context.Engine = new FakeRunEngine { Steps = FakeStep.All("Only Intel NICs are tested.") };
        var run = RunWith(StepRunRecord.Pending(StepKind.Preflight) with { Status = StepStatus.Inspected }) with { LabSimulated = false };
        context.Runs.Runs[run.Id] = run;

        var page = context.Render<StepWizard>(p => p.Add(x => x.RunId, run.Id).Add(x => x.Step, "Preflight"));

        page.WaitForAssertion(() => Assert.Contains("Only Intel NICs are tested.", page.Find("[data-testid=limitations]").TextContent), DashboardContext.Wait);
    }

    [Fact]
    public async Task Render_WorkerVmsPlan_ShowsColouredDiffAndMemtuneExplanation()
    {
        await using var context = new DashboardContext();
        const string worker = "virtsriov-worker-0";
        var patch = DomainPatcher.Patch(KcliDomainTemplate.Render(worker, "virtsriov", 16L * 1024 * 1024, 8), ["0000:3b:02.0"], new Version(9, 0, 0));
        var run = RunWith(new StepRunRecord(
            StepKind.WorkerVms,
            StepStatus.Planned,
            [],
            StepPlan.Create(
                StepKind.WorkerVms,
                $"Patch 1 of 1 worker VMs; {worker} ← 0000:3b:02.0.",
                new NoPlanDetails(),
                [.. patch.Changes.Select(c => new PlannedChange(worker, c))],
                [new PlanArtifact($"{worker}.xml", "xml", patch.Xml), new PlanArtifact($"{worker}.diff", "diff", patch.Diff)],
                [$"{worker} memtune: {patch.MemtuneExplanation}"])));
        context.Runs.Runs[run.Id] = run;

        var page = context.Render<StepWizard>(p => p.Add(x => x.RunId, run.Id).Add(x => x.Step, "WorkerVms"));

        page.WaitForAssertion(() =>
        {
            var diff = page.Find($"[data-artifact='{worker}.diff']");
            var added = diff.QuerySelectorAll(".diff-added").Select(l => l.TextContent).ToList();
            Assert.Contains(added, l => l.Contains("<iommu model=\"intel\">", StringComparison.Ordinal));
            Assert.Contains(added, l => l.Contains("0x3b", StringComparison.Ordinal));
            Assert.Contains(added, l => l.Contains("<hard_limit unit=\"KiB\">", StringComparison.Ordinal));
            Assert.Contains(diff.QuerySelectorAll(".diff-removed").Select(l => l.TextContent), l => l.Contains("machine=", StringComparison.Ordinal));
            var memtune = Assert.Single(page.FindAll(".mud-alert"), a => a.TextContent.Contains($"{worker} memtune:", StringComparison.Ordinal));
            Assert.Contains(patch.MemtuneExplanation, memtune.TextContent, StringComparison.Ordinal);
            Assert.Contains("1 × 16 GiB + 1 GiB = 17 GiB", memtune.TextContent, StringComparison.Ordinal);
        }, DashboardContext.Wait);
    }

    [Fact]
    public async Task Apply_PlanInterruptsRunningWorkers_AsksNamingThemAndAppliesOnlyOnConsent()
    {
        await using var context = new DashboardContext();
        var plan = StepPlan.Create(StepKind.WorkerVms, "Patch 2 worker VMs", new NoPlanDetails(), [new PlannedChange("virtsriov-worker-0", "add hostdev")],
            interruptions: [new PlannedInterruption("virtsriov-worker-0", "is running: Apply shuts it down", "is shut down again")]);
        var run = RunWith(new StepRunRecord(StepKind.WorkerVms, StepStatus.Planned, [], plan));
        context.Runs.Runs[run.Id] = run;
        var page = context.Render<StepWizard>(p => p.Add(x => x.RunId, run.Id).Add(x => x.Step, "WorkerVms"));

        page.WaitForElement("[data-testid=apply]:not([disabled])", DashboardContext.Wait).Click();
        var consent = page.WaitForElement("[data-testid=consent]", DashboardContext.Wait);
        Assert.Contains("virtsriov-worker-0 is running: Apply shuts it down", consent.QuerySelector("[data-consent-target='virtsriov-worker-0']")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(context.Engine.Calls, c => c.StartsWith("apply", StringComparison.Ordinal));
        page.Find("[data-testid=consent-cancel]").Click();
        Assert.Empty(page.FindAll("[data-testid=consent]"));

        page.Find("[data-testid=apply]").Click();
        page.WaitForElement("[data-testid=consent-confirm]", DashboardContext.Wait).Click();

        page.WaitForAssertion(() => Assert.Contains("apply WorkerVms", context.Engine.Calls), DashboardContext.Wait);
    }

    [Fact]
    public async Task Apply_NodeTuningRollingOut_ShowsApplyingWithElapsedTimeAndEachNodesRow()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero));
        await using var context = new DashboardContext(time);
        context.Engine.ApplyGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = RunWith(new StepRunRecord(StepKind.NodeTuning, StepStatus.Planned, [], StepPlan.Create(StepKind.NodeTuning, "Tune", new NoPlanDetails())));
        context.Runs.Runs[run.Id] = run;
        var page = context.Render<StepWizard>(p => p.Add(x => x.RunId, run.Id).Add(x => x.Step, "NodeTuning"));

        page.WaitForElement("[data-testid=apply]:not([disabled])", DashboardContext.Wait).Click();
        page.WaitForAssertion(() => Assert.Equal("Applying… 0:00", page.Find("[data-status]").TextContent.Trim()), DashboardContext.Wait);
        context.Rollouts.Report(run.Id, [new NodeRolloutRow("virtsriov-worker-0", "Working", "rendered-worker-a", "rendered-worker-b", 1)]);
        time.Advance(TimeSpan.FromSeconds(65));

        page.WaitForAssertion(() =>
        {
            Assert.Equal("Applying… 1:05", page.Find("[data-status]").TextContent.Trim());
            var row = page.Find("[data-testid=rollout] [data-node='virtsriov-worker-0']");
            Assert.Contains("Working", row.TextContent, StringComparison.Ordinal);
            Assert.Equal("1", row.QuerySelector("[data-reboots]")!.TextContent);
            Assert.Contains("rendered-worker-b", row.TextContent, StringComparison.Ordinal);
        }, DashboardContext.Wait);
        context.Engine.ApplyGate.SetResult();
        page.WaitForAssertion(() => Assert.Equal("Planned", page.Find("[data-status]").TextContent.Trim()), DashboardContext.Wait);
    }

    [Fact]
    public async Task Render_HypervisorOnlyRun_NavigatesOnlyItsFourStepsNumberedInOrder()
    {
        await using var context = new DashboardContext();
        var run = RunWith(StepRunRecord.Pending(StepKind.WorkerVms)) with { Settings = new RunSettings { RunProfile = RunProfile.HypervisorOnly } };
        context.Runs.Runs[run.Id] = run;

        var page = context.Render<StepWizard>(p => p.Add(x => x.RunId, run.Id).Add(x => x.Step, "WorkerVms"));

        page.WaitForAssertion(() =>
            Assert.Equal(
                ["1. Title of Preflight", "2. Title of VirtualFunctions", "3. Title of WorkerVms", "4. Title of DpdkTest"],
                page.FindAll("[aria-label='Wizard steps'] a").Select(a => a.TextContent.Trim())),
            DashboardContext.Wait);
        Assert.EndsWith($"/wizard/{StepKind.DpdkTest}", page.Find("[aria-label='Wizard steps'] a:last-child").GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_HypervisorOnlyRun_ClusterStepIsNotFound()
    {
        await using var context = new DashboardContext();
        var run = RunWith(StepRunRecord.Pending(StepKind.Preflight)) with { Settings = new RunSettings { RunProfile = RunProfile.HypervisorOnly } };
        context.Runs.Runs[run.Id] = run;

        var page = context.Render<StepWizard>(p => p.Add(x => x.RunId, run.Id).Add(x => x.Step, "Cluster"));

        page.WaitForAssertion(() => Assert.Contains("No such run or step.", page.Markup, StringComparison.Ordinal), DashboardContext.Wait);
        Assert.Empty(page.FindAll("[aria-label='Wizard steps']"));
        Assert.DoesNotContain(context.Engine.Calls, c => c.Contains("Cluster", StringComparison.Ordinal));
    }

    private static RunRecord RunWith(StepRunRecord step) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "Simulated lab", true, RunStatus.Active, new RunSettings(), DateTimeOffset.UnixEpoch, null, [step]);
}
