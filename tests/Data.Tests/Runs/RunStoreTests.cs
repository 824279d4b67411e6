using System.Text.Json;
using VirtSriov.Core.Host;
using VirtSriov.Core.Preflight;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;
using VirtSriov.Data.Entities;

namespace VirtSriov.Data.Tests.Runs;

public sealed class RunStoreTests
{
    [Fact]
    public async Task CreateAsync_NewRun_StoresActiveRunWithAllSevenStepsPending()
    {
        await using var database = await TestDatabase.CreateAsync();
        var lab = await database.AddLabAsync("sim-lab");
        var settings = new RunSettings { PfAddress = "0000:5e:00.0", VfCount = 8, Workers = ["virtsriov-worker-1"], HugepageSize = "2M" };
        var at = new DateTimeOffset(2026, 11, 24, 10, 30, 0, TimeSpan.FromHours(2));

        var created = await database.Runs.CreateAsync(lab.Id, settings, at, database.Token);
        var fetched = await database.Runs.GetAsync(created.Id, database.Token);

        Assert.NotNull(fetched);
        Assert.Equal(RunStatus.Active, fetched.Status);
        Assert.Equal(lab.Id, fetched.LabId);
        Assert.Equal("sim-lab", fetched.LabName);
        Assert.True(fetched.LabSimulated);
        Assert.Equal(at, fetched.CreatedAt);
        Assert.Null(fetched.FinishedAt);
        Assert.Equal("0000:5e:00.0", fetched.Settings.PfAddress);
        Assert.Equal(8, fetched.Settings.VfCount);
        Assert.Equal(["virtsriov-worker-1"], fetched.Settings.Workers);
        Assert.Equal("2M", fetched.Settings.HugepageSize);
        Assert.Equal(Enum.GetValues<StepKind>(), fetched.Steps.Select(s => s.Step));
        Assert.All(fetched.Steps, s => Assert.Equal(StepStatus.Pending, s.Status));
        Assert.Equal(StepKind.Preflight, fetched.NextStep);
    }

    [Fact]
    public async Task CreateAsync_UnknownLab_Throws()
    {
        await using var database = await TestDatabase.CreateAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => database.CreateRunAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task GetAsync_UnknownRun_ReturnsNull()
    {
        await using var database = await TestDatabase.CreateAsync();

        Assert.Null(await database.Runs.GetAsync(Guid.NewGuid(), database.Token));
    }

    [Fact]
    public async Task SaveStepAsync_FullStep_RoundTripsFindingsPlanAndOutcome()
    {
        await using var database = await TestDatabase.CreateAsync();
        var run = await database.CreateRunAsync((await database.AddLabAsync()).Id);
        var plan = StepPlan.Create(
            StepKind.VirtualFunctions,
            "Create 4 VFs on 0000:3b:00.0",
            new VfPlan("0000:3b:00.0", "ens1f0", BringLinkUp: false, DisableAutoprobe: true, 0, 4, RemoveFirst: false, ["0000:3b:02.0"], ["0000:3b:02.0"]),
            changes: [new PlannedChange("/sys/bus/pci/devices/0000:3b:00.0/sriov_numvfs", "0 → 4")],
            artifacts: [new PlanArtifact("vfs.txt", "text", "0000:3b:02.0")],
            warnings: ["VFs disappear on reboot"]);
        var step = new StepRunRecord(
            StepKind.VirtualFunctions,
            StepStatus.Failed,
            [new StepFinding("sriov.totalvfs", FindingSeverity.Warning, "Total VFs", "64", "Limits VF count", "echo 4 > sriov_numvfs")],
            plan,
            Outcome: "Wrote 4",
            Changed: true,
            Error: "EBUSY",
            Fix: "Write 0 first",
            FailedCall: "write /sys/bus/pci/devices/0000:3b:00.0/sriov_numvfs \"4\"",
            StartedAt: database.Time.GetUtcNow(),
            FinishedAt: database.Time.GetUtcNow().AddSeconds(3));

        await database.Runs.SaveStepAsync(run.Id, step, database.Token);
        var stored = (await database.Runs.GetAsync(run.Id, database.Token))!.Step(StepKind.VirtualFunctions);

        Assert.Equal(step.Findings, stored.Findings);
        Assert.NotNull(stored.Plan);
        Assert.Equal(plan.Summary, stored.Plan.Summary);
        Assert.Equal(plan.Changes, stored.Plan.Changes);
        Assert.Equal(plan.Artifacts, stored.Plan.Artifacts);
        Assert.Equal(plan.Warnings, stored.Plan.Warnings);
        Assert.IsType<VfPlan>(stored.Plan.Details);
        Assert.Equal(JsonSerializer.Serialize(plan.Details, RunJson.Options), JsonSerializer.Serialize(stored.Plan.Details, RunJson.Options));
        Assert.Equal(step with { Findings = stored.Findings, Plan = stored.Plan }, stored);
    }

    [Fact]
    public async Task GetAsync_PlanStoredWithDetailsAsJsonString_ReadsTypedDetails()
    {
        const string oldForm = """
            {"step":"VirtualFunctions","summary":"Create 4 VFs","changes":[],"artifacts":[],"warnings":[],
             "detailsJson":"{\"pfAddress\":\"0000:3b:00.0\",\"pfNetdev\":\"ens1f0\",\"bringLinkUp\":true,\"disableAutoprobe\":false,\"currentCount\":0,\"targetCount\":4,\"removeFirst\":false,\"predictedVfAddresses\":[\"0000:3b:02.0\"],\"vfsToBind\":[\"0000:3b:02.0\"]}"}
            """;
        var stored = await StoreOldPlanAsync(StepKind.VirtualFunctions, oldForm);

        var details = stored.DetailsAs<VfPlan>();
        Assert.Equal("Create 4 VFs", stored.Summary);
        Assert.Equal(("0000:3b:00.0", "ens1f0", true, 4), (details.PfAddress, details.PfNetdev, details.BringLinkUp, details.TargetCount));
        Assert.Equal("0000:3b:02.0", Assert.Single(details.VfsToBind));
    }

    [Fact]
    public async Task GetAsync_PreflightPlanStoredWithBareFindingsString_ReadsTypedDetails()
    {
        const string oldForm = """
            {"step":"Preflight","summary":"1 checks","changes":[],"artifacts":[],"warnings":[],
             "detailsJson":"[{\"id\":\"pf.link\",\"severity\":\"Error\",\"title\":\"PF link is down\",\"observed\":\"ens1f0 is DOWN\"}]"}
            """;
        var stored = await StoreOldPlanAsync(StepKind.Preflight, oldForm);

        var finding = Assert.Single(stored.DetailsAs<PreflightPlanDetails>().Findings);
        Assert.Equal(("pf.link", FindingSeverity.Error, "ens1f0 is DOWN"), (finding.Id, finding.Severity, finding.Observed));
    }

    [Fact]
    public async Task SaveStepAsync_SameStepTwice_ReplacesEarlierState()
    {
        await using var database = await TestDatabase.CreateAsync();
        var run = await database.CreateRunAsync((await database.AddLabAsync()).Id);
        await database.Runs.SaveStepAsync(run.Id, StepRunRecord.Pending(StepKind.Preflight) with { Status = StepStatus.Applying }, database.Token);

        await database.Runs.SaveStepAsync(run.Id, StepRunRecord.Pending(StepKind.Preflight) with { Status = StepStatus.Succeeded, Outcome = "ok" }, database.Token);
        var stored = await database.Runs.GetAsync(run.Id, database.Token);

        Assert.Equal(StepStatus.Succeeded, stored!.Step(StepKind.Preflight).Status);
        Assert.Equal("ok", stored.Step(StepKind.Preflight).Outcome);
        Assert.Equal(StepKind.VirtualFunctions, stored.NextStep);
        Assert.Equal(7, stored.Steps.Count);
    }

    [Fact]
    public async Task SetStatusAsync_FinishedThenResumed_SetsAndClearsFinishedAt()
    {
        await using var database = await TestDatabase.CreateAsync();
        var run = await database.CreateRunAsync((await database.AddLabAsync()).Id);
        var finishedAt = database.Time.GetUtcNow().AddMinutes(5);

        await database.Runs.SetStatusAsync(run.Id, RunStatus.Failed, finishedAt, database.Token);
        var failed = await database.Runs.GetAsync(run.Id, database.Token);
        await database.Runs.SetStatusAsync(run.Id, RunStatus.Active, finishedAt.AddMinutes(1), database.Token);
        var resumed = await database.Runs.GetAsync(run.Id, database.Token);

        Assert.Equal(RunStatus.Failed, failed!.Status);
        Assert.Equal(finishedAt, failed.FinishedAt);
        Assert.Equal(RunStatus.Active, resumed!.Status);
        Assert.Null(resumed.FinishedAt);
    }

    [Fact]
    public async Task SetTeardownAsync_SucceededRun_StaysSucceededInHistoryWithTheTeardownBeside()
    {
        await using var database = await TestDatabase.CreateAsync();
        var run = await database.CreateRunAsync((await database.AddLabAsync()).Id);
        await database.Runs.SetStatusAsync(run.Id, RunStatus.Succeeded, database.Time.GetUtcNow(), database.Token);

        await database.Runs.SetTeardownAsync(run.Id, RunTeardown.TornDown, database.Token);
        var stored = await database.Runs.GetAsync(run.Id, database.Token);
        var succeeded = await database.Runs.QueryAsync(new RunQuery(Status: RunStatus.Succeeded), database.Token);
        await database.Runs.SetTeardownAsync(run.Id, null, database.Token);
        var rebuilt = await database.Runs.GetAsync(run.Id, database.Token);

        Assert.Equal(RunStatus.Succeeded, stored!.Status);
        Assert.Equal(RunTeardown.TornDown, stored.Teardown);
        Assert.Equal(RunTeardown.TornDown, Assert.Single(succeeded.Items).Teardown);
        Assert.Null(rebuilt!.Teardown);
    }

    [Fact]
    public async Task SetStatusAsync_UnknownRun_Throws()
    {
        await using var database = await TestDatabase.CreateAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => database.Runs.SetStatusAsync(Guid.NewGuid(), RunStatus.Succeeded, database.Time.GetUtcNow(), database.Token));
    }

    [Fact]
    public async Task SaveArtifactsAsync_SameNameAgain_ReplacesContentAndKeepsOthers()
    {
        await using var database = await TestDatabase.CreateAsync();
        var run = await database.CreateRunAsync((await database.AddLabAsync()).Id);
        var at = database.Time.GetUtcNow();
        await database.Runs.SaveArtifactsAsync(
            run.Id,
            StepKind.WorkerVms,
            [new PlanArtifact("worker-0.xml", "xml", "<domain/>"), new PlanArtifact("worker-1.xml", "xml", "<domain>1</domain>")],
            at,
            database.Token);
        await database.Runs.SaveArtifactsAsync(run.Id, StepKind.NodeTuning, [new PlanArtifact("worker-0.xml", "yaml", "kind: X")], at, database.Token);

        await database.Runs.SaveArtifactsAsync(
            run.Id, StepKind.WorkerVms, [new PlanArtifact("worker-0.xml", "xml", "<domain>new</domain>")], at.AddMinutes(1), database.Token);
        var listed = await database.Runs.ListArtifactsAsync(run.Id, database.Token);
        var replaced = listed.Single(a => a.Step == StepKind.WorkerVms && a.Name == "worker-0.xml");

        Assert.Equal(
            [(StepKind.WorkerVms, "worker-0.xml"), (StepKind.WorkerVms, "worker-1.xml"), (StepKind.NodeTuning, "worker-0.xml")],
            listed.Select(a => (a.Step, a.Name)));
        Assert.Equal("<domain>new</domain>".Length, replaced.Length);
        Assert.Equal(at.AddMinutes(1), replaced.CreatedAt);
        Assert.Equal(run.Id, replaced.RunId);
        Assert.Equal(new PlanArtifact("worker-0.xml", "xml", "<domain>new</domain>"), await database.Runs.GetArtifactAsync(replaced.Id, database.Token));
    }

    [Fact]
    public async Task GetArtifactAsync_UnknownId_ReturnsNull()
    {
        await using var database = await TestDatabase.CreateAsync();

        Assert.Null(await database.Runs.GetArtifactAsync(Guid.NewGuid(), database.Token));
    }

    [Fact]
    public async Task QueryAsync_NoFilter_NewestFirstAcrossOffsetsWithStepsSucceeded()
    {
        await using var database = await TestDatabase.CreateAsync();
        var labId = (await database.AddLabAsync()).Id;
        // 10:00+02:00 is 08:00 UTC: older than 09:00 UTC although its text sorts later.
        var older = await database.CreateRunAsync(labId, new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(2)));
        var newer = await database.CreateRunAsync(labId, new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        await database.Runs.SaveStepAsync(newer.Id, StepRunRecord.Pending(StepKind.Preflight) with { Status = StepStatus.Succeeded }, database.Token);
        await database.Runs.SaveStepAsync(newer.Id, StepRunRecord.Pending(StepKind.VirtualFunctions) with { Status = StepStatus.Succeeded }, database.Token);
        await database.Runs.SaveStepAsync(newer.Id, StepRunRecord.Pending(StepKind.Cluster) with { Status = StepStatus.Failed }, database.Token);

        var page = await database.Runs.QueryAsync(new RunQuery(), database.Token);

        Assert.Equal(2, page.Total);
        Assert.Equal([newer.Id, older.Id], page.Items.Select(r => r.Id));
        Assert.Equal([2, 0], page.Items.Select(r => r.StepsSucceeded));
        Assert.Equal("simulated", page.Items[0].LabName);
        Assert.True(page.Items[0].LabSimulated);
    }

    [Fact]
    public async Task QueryAsync_RunWithTwoDpdkTests_ShowsVfAndWorkerCountsAndTheLatestTestsPeakMeanAndLoss()
    {
        await using var database = await TestDatabase.CreateAsync();
        var labId = (await database.AddLabAsync()).Id;
        var tested = await database.Runs.CreateAsync(labId, new RunSettings { PfAddress = "0000:3b:00.0", VfCount = 6, Workers = ["w-0", "w-1", "w-2"] }, database.Time.GetUtcNow(), database.Token);
        var untested = await database.CreateRunAsync(labId, database.Time.GetUtcNow().AddMinutes(-1));
        var at = database.Time.GetUtcNow();
        ThroughputSample Sample(Guid attempt, int port, long rxPackets, long txPackets, long rxPps) =>
            new(port, rxPackets, txPackets, 0, 0, 0, 0, 0, rxPps, rxPps, 0, 0) { TestAttempt = attempt };
        var first = Guid.NewGuid();
        var rerun = Guid.NewGuid();
        RunEvent Event(long sequence, ThroughputSample sample) => new(tested.Id, sequence, at.AddSeconds(sequence), RunEventKind.Throughput, StepKind.DpdkTest, $"port {sample.Port}", Sample: sample);
        await database.Events.AppendAsync(
            [
                Event(1, Sample(first, 0, 100, 100, 9_000_000)),
                Event(2, Sample(rerun, 0, 1_000, 1_000, 100)),
                Event(3, Sample(rerun, 1, 900, 1_000, 300)),
                Event(4, Sample(rerun, 0, 2_000, 2_000, 500)),
                Event(5, Sample(rerun, 1, 1_900, 2_000, 700)),
            ],
            database.Token);

        var page = await database.Runs.QueryAsync(new RunQuery(), database.Token);

        var row = page.Items.Single(r => r.Id == tested.Id);
        Assert.Equal((6, 3), (row.VfCount, row.WorkerCount));
        Assert.Equal(700, row.Throughput!.PeakRxPps);
        Assert.Equal(400, row.Throughput.MeanRxPps, 6);
        Assert.Equal(100.0 * (4_000 - 3_900) / 4_000, row.Throughput.LossPercent!.Value, 6);
        Assert.Null(page.Items.Single(r => r.Id == untested.Id).Throughput);
    }

    [Fact]
    public async Task QueryAsync_LabStatusAndDateFilters_ReturnOnlyMatchingRuns()
    {
        await using var database = await TestDatabase.CreateAsync();
        var labA = (await database.AddLabAsync("a")).Id;
        var labB = (await database.AddLabAsync("b")).Id;
        var day = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
        var a1 = await database.CreateRunAsync(labA, day.AddHours(1));
        var a2 = await database.CreateRunAsync(labA, day.AddDays(1));
        var a3 = await database.CreateRunAsync(labA, day.AddDays(2));
        var b1 = await database.CreateRunAsync(labB, day.AddDays(1).AddHours(1));
        await database.Runs.SetStatusAsync(a2.Id, RunStatus.Succeeded, day.AddDays(1).AddHours(1), database.Token);
        await database.Runs.SetStatusAsync(b1.Id, RunStatus.Succeeded, day.AddDays(1).AddHours(2), database.Token);

        var byLab = await database.Runs.QueryAsync(new RunQuery(LabId: labA), database.Token);
        var byStatus = await database.Runs.QueryAsync(new RunQuery(Status: RunStatus.Succeeded), database.Token);
        var byRange = await database.Runs.QueryAsync(new RunQuery(From: day.AddDays(1), To: day.AddDays(2).AddTicks(-1)), database.Token);
        var combined = await database.Runs.QueryAsync(new RunQuery(labA, RunStatus.Active, From: day.AddHours(1), To: day.AddDays(2)), database.Token);

        Assert.Equal([a3.Id, a2.Id, a1.Id], byLab.Items.Select(r => r.Id));
        Assert.Equal([b1.Id, a2.Id], byStatus.Items.Select(r => r.Id));
        Assert.Equal([b1.Id, a2.Id], byRange.Items.Select(r => r.Id));
        Assert.Equal([a3.Id, a1.Id], combined.Items.Select(r => r.Id));
        Assert.Equal(2, combined.Total);
    }

    [Fact]
    public async Task QueryAsync_SecondPage_ReturnsNextItemsAndFullTotal()
    {
        await using var database = await TestDatabase.CreateAsync();
        var labId = (await database.AddLabAsync()).Id;
        var start = database.Time.GetUtcNow();
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await database.CreateRunAsync(labId, start.AddMinutes(i))).Id);
        }

        var page = await database.Runs.QueryAsync(new RunQuery(Page: 1, PageSize: 2), database.Token);
        var last = await database.Runs.QueryAsync(new RunQuery(Page: 2, PageSize: 2), database.Token);

        Assert.Equal(5, page.Total);
        Assert.Equal([ids[2], ids[1]], page.Items.Select(r => r.Id));
        Assert.Equal([ids[0]], last.Items.Select(r => r.Id));
    }

    [Fact]
    public async Task FindActiveRunAsync_OneActiveOneFinished_ReturnsActiveOfThatLabOnly()
    {
        await using var database = await TestDatabase.CreateAsync();
        var lab = (await database.AddLabAsync("a")).Id;
        var otherLab = (await database.AddLabAsync("b")).Id;
        var finished = await database.CreateRunAsync(lab);
        await database.Runs.SetStatusAsync(finished.Id, RunStatus.Succeeded, database.Time.GetUtcNow(), database.Token);
        var active = await database.CreateRunAsync(lab);

        Assert.Equal(active.Id, await database.Runs.FindActiveRunAsync(lab, database.Token));
        Assert.Null(await database.Runs.FindActiveRunAsync(otherLab, database.Token));
    }

    [Fact]
    public async Task InterruptUnfinishedAsync_ActiveRunWithApplyingStep_InterruptsRunAndStepOnly()
    {
        await using var database = await TestDatabase.CreateAsync();
        var labId = (await database.AddLabAsync()).Id;
        var active = await database.CreateRunAsync(labId);
        var done = await database.CreateRunAsync(labId);
        await database.Runs.SetStatusAsync(done.Id, RunStatus.Succeeded, database.Time.GetUtcNow(), database.Token);
        await database.Runs.SaveStepAsync(active.Id, StepRunRecord.Pending(StepKind.Preflight) with { Status = StepStatus.Succeeded }, database.Token);
        await database.Runs.SaveStepAsync(active.Id, StepRunRecord.Pending(StepKind.VirtualFunctions) with { Status = StepStatus.Applying }, database.Token);
        var at = database.Time.GetUtcNow().AddHours(1);

        var interrupted = await database.Runs.InterruptUnfinishedAsync(at, InterruptScope.ActiveRuns, database.Token);
        var run = await database.Runs.GetAsync(active.Id, database.Token);
        var untouched = await database.Runs.GetAsync(done.Id, database.Token);

        Assert.Equal([active.Id], interrupted);
        Assert.Equal(RunStatus.Interrupted, run!.Status);
        Assert.Equal(at, run.FinishedAt);
        Assert.Equal(StepStatus.Succeeded, run.Step(StepKind.Preflight).Status);
        Assert.Equal(StepStatus.Interrupted, run.Step(StepKind.VirtualFunctions).Status);
        Assert.Equal(at, run.Step(StepKind.VirtualFunctions).FinishedAt);
        Assert.Equal(RunStatus.Succeeded, untouched!.Status);
        Assert.Null(await database.Runs.FindActiveRunAsync(labId, database.Token));
    }

    [Fact]
    public async Task InterruptUnfinishedAsync_RunsMidStep_LeavesIdleActiveRunsActive()
    {
        await using var database = await TestDatabase.CreateAsync();
        var idle = await database.CreateRunAsync((await database.AddLabAsync("idle")).Id);
        var midStep = await database.CreateRunAsync((await database.AddLabAsync("mid-step")).Id);
        await database.Runs.SaveStepAsync(idle.Id, StepRunRecord.Pending(StepKind.Preflight) with { Status = StepStatus.Succeeded }, database.Token);
        await database.Runs.SaveStepAsync(midStep.Id, StepRunRecord.Pending(StepKind.Preflight) with { Status = StepStatus.Applying }, database.Token);

        var interrupted = await database.Runs.InterruptUnfinishedAsync(database.Time.GetUtcNow(), InterruptScope.RunsMidStep, database.Token);

        Assert.Equal([midStep.Id], interrupted);
        Assert.Equal(RunStatus.Active, (await database.Runs.GetAsync(idle.Id, database.Token))!.Status);
        Assert.Equal(StepStatus.Interrupted, (await database.Runs.GetAsync(midStep.Id, database.Token))!.Step(StepKind.Preflight).Status);
    }

    private static async Task<StepPlan> StoreOldPlanAsync(StepKind step, string planJson)
    {
        await using var database = await TestDatabase.CreateAsync();
        var run = await database.CreateRunAsync((await database.AddLabAsync()).Id);
        await using (var db = await database.CreateContextAsync())
        {
            db.StepRuns.Add(new StepRunEntity { RunId = run.Id, Step = step, Status = StepStatus.Planned, FindingsJson = "[]", PlanJson = planJson });
            await db.SaveChangesAsync(database.Token);
        }

        var stored = (await database.Runs.GetAsync(run.Id, database.Token))!.Step(step);
        return stored.Plan ?? throw new InvalidOperationException("The stored plan was not read.");
    }
}
