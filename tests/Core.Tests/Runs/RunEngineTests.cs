using VirtSriov.Core.Labs;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Tests.Runs;

public sealed class RunEngineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ApplyAsync_LaterStepBeforeEarlierOnes_IsRefusedNamingTheMissingStep()
    {
        await using var h = new EngineHarness();
        var runId = await h.Engine.CreateRunAsync(h.Lab.Id, EngineHarness.Settings, Ct);

        var error = await Assert.ThrowsAsync<ActionableException>(() => h.Engine.ApplyAsync(runId, StepKind.Cluster, Ct));

        Assert.Contains("Preflight", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.Steps[StepKind.Cluster].ApplyCalls);
    }

    [Fact]
    public async Task RunRemainingAsync_AllStepsSucceed_AppliesInOrderAndRunSucceeds()
    {
        await using var h = new EngineHarness();
        var runId = await h.Engine.CreateRunAsync(h.Lab.Id, EngineHarness.Settings, Ct);

        var run = await h.Engine.RunRemainingAsync(runId, Ct);

        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.All(run.Steps, s => Assert.Equal(StepStatus.Succeeded, s.Status));
        var applying = (await h.Events.ReadAsync(runId, 0, 10_000, Ct))
            .Where(e => e.StepStatus == StepStatus.Applying).Select(e => e.Step!.Value).ToList();
        Assert.Equal(Enum.GetValues<StepKind>(), applying);
    }

    [Fact]
    public async Task ApplyAsync_Twice_SecondReportsNoChange()
    {
        await using var h = new EngineHarness();
        var runId = await h.Engine.CreateRunAsync(h.Lab.Id, EngineHarness.Settings, Ct);

        var first = await h.Engine.ApplyAsync(runId, StepKind.Preflight, Ct);
        var second = await h.Engine.ApplyAsync(runId, StepKind.Preflight, Ct);

        Assert.True(first.Changed);
        Assert.False(second.Changed);
        Assert.True(second.Plan!.NothingToDo);
    }

    [Fact]
    public async Task CreateRunAsync_LabHasActiveRun_IsRefused()
    {
        await using var h = new EngineHarness();
        await h.Engine.CreateRunAsync(h.Lab.Id, EngineHarness.Settings, Ct);

        var error = await Assert.ThrowsAsync<ActionableException>(() => h.Engine.CreateRunAsync(h.Lab.Id, EngineHarness.Settings, Ct));

        Assert.Equal("LabId", error.Field);
    }

    [Fact]
    public async Task CreateRunAsync_AnotherLabOnTheSameHypervisorHasAnActiveRun_IsRefused()
    {
        await using var h = new EngineHarness();
        var first = h.Labs.Add(new LabDefinition(Guid.NewGuid(), "kvm1 as root", LabKind.Host, "/", "qemu+ssh://root@KVM1:2222/system", false, DateTimeOffset.UnixEpoch));
        var same = h.Labs.Add(new LabDefinition(Guid.NewGuid(), "kvm1 again", LabKind.Host, "/", "qemu+ssh://admin@kvm1:2222/system", false, DateTimeOffset.UnixEpoch));
        var other = h.Labs.Add(new LabDefinition(Guid.NewGuid(), "kvm2", LabKind.Host, "/", "qemu+ssh://root@kvm2:2222/system", false, DateTimeOffset.UnixEpoch));
        var settings = EngineHarness.Settings with { TestpmdImage = "quay.io/openshift-kni/dpdk@sha256:" + new string('a', 64) };
        await h.Engine.CreateRunAsync(first.Id, settings, Ct);

        var error = await Assert.ThrowsAsync<ActionableException>(() => h.Engine.CreateRunAsync(same.Id, settings, Ct));
        var elsewhere = await h.Engine.CreateRunAsync(other.Id, settings, Ct);

        Assert.Equal("LabId", error.Field);
        Assert.Contains("'kvm1 as root' points at the same hypervisor", error.Message, StringComparison.Ordinal);
        Assert.NotEqual(Guid.Empty, elsewhere);
    }

    [Fact]
    public async Task CreateRunAsync_BadSettings_ThrowsWithFieldErrors()
    {
        await using var h = new EngineHarness();
        var settings = EngineHarness.Settings with { Workers = ["ok", "bad<name"], ClusterName = "Bad;Name" };

        var error = await Assert.ThrowsAsync<RunSettingsException>(() => h.Engine.CreateRunAsync(h.Lab.Id, settings, Ct));

        Assert.Contains(error.Errors, e => e.Field == nameof(RunSettings.Workers) && e.Message.Contains('<', StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Field == nameof(RunSettings.ClusterName));
        Assert.Null(await h.Runs.FindActiveRunAsync(h.Lab.Id, Ct));
    }

    [Fact]
    public async Task CreateRunAsync_ShapeAndLabErrors_AreReportedTogetherInOneRound()
    {
        await using var h = new EngineHarness(
        [
            new FixedCheck(
            [
                new FieldError(nameof(RunSettings.VfVlan), "VF VLAN is 4095; enter a VLAN id from 1 to 4094."),
                new FieldError(nameof(RunSettings.ClusterName), "a lab's view of a field already refused for its shape"),
            ]),
        ]);
        var settings = EngineHarness.Settings with { ClusterName = "Bad;Name", VfVlan = 4095 };

        var error = await Assert.ThrowsAsync<RunSettingsException>(() => h.Engine.CreateRunAsync(h.Lab.Id, settings, Ct));

        Assert.Equal([nameof(RunSettings.ClusterName), nameof(RunSettings.VfVlan)], error.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.Contains(error.Errors, e => e.Message.StartsWith("VF VLAN is 4095", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CancelAsync_DuringApply_StepCancelledAndRunStaysActive()
    {
        await using var h = new EngineHarness();
        var runId = await h.Engine.CreateRunAsync(h.Lab.Id, EngineHarness.Settings, Ct);
        var step = h.Steps[StepKind.Preflight];
        step.Hold = new TaskCompletionSource();

        var apply = h.Engine.ApplyAsync(runId, StepKind.Preflight, Ct);
        await step.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await h.Engine.CancelAsync(runId);
        var result = await apply.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Equal(StepStatus.Cancelled, result.Status);
        Assert.Equal(RunStatus.Active, (await h.Runs.GetAsync(runId, Ct))!.Status);
    }

    [Fact]
    public async Task RunRemainingAsync_SecondCallerWhileRunning_IsRefusedAndEveryStepAppliesOnce()
    {
        await using var h = new EngineHarness();
        var runId = await h.Engine.CreateRunAsync(h.Lab.Id, EngineHarness.Settings, Ct);
        var held = h.Steps[StepKind.Cluster];
        held.Hold = new TaskCompletionSource();

        var first = h.Engine.RunRemainingAsync(runId, Ct);
        await held.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var second = await Assert.ThrowsAsync<ActionableException>(() => h.Engine.RunRemainingAsync(runId, Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct));
        var apply = await Assert.ThrowsAsync<ActionableException>(() => h.Engine.ApplyAsync(runId, StepKind.Preflight, Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct));
        var teardown = await Assert.ThrowsAsync<ActionableException>(() => h.Engine.TeardownAsync(runId, TeardownOptions.KeepCluster, Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct));
        held.Hold.SetResult();
        var run = await first.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.All([second, apply, teardown], e => Assert.Contains("already running", e.Message, StringComparison.Ordinal));
        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.All(h.Steps.Values, s => Assert.Equal(1, s.ApplyCalls));
    }

    [Fact]
    public async Task ApplyAsync_CallerStoppedWaitingButStepStillRuns_NextCallerIsRefused()
    {
        await using var h = new EngineHarness();
        var runId = await h.Engine.CreateRunAsync(h.Lab.Id, EngineHarness.Settings, Ct);
        var step = h.Steps[StepKind.Preflight];
        step.Hold = new TaskCompletionSource();
        using var leaving = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var first = h.Engine.ApplyAsync(runId, StepKind.Preflight, leaving.Token);
        await step.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await leaving.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.WaitAsync(TimeSpan.FromSeconds(10), Ct));

        var again = await Assert.ThrowsAsync<ActionableException>(() => h.Engine.ApplyAsync(runId, StepKind.Preflight, Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct));
        step.Hold.SetResult();

        Assert.Contains("already running", again.Message, StringComparison.Ordinal);
        Assert.Equal(1, step.ApplyCalls);
    }

    [Fact]
    public async Task ApplyAsync_StepThrowsActionable_StepFailedWithFixAndRunResumable()
    {
        await using var h = new EngineHarness();
        var runId = await h.Engine.CreateRunAsync(h.Lab.Id, EngineHarness.Settings, Ct);
        h.Steps[StepKind.Preflight].FailWith = new ActionableException("EBUSY", "write 0 first", "write sriov_numvfs 4");

        var failed = await h.Engine.ApplyAsync(runId, StepKind.Preflight, Ct);
        h.Steps[StepKind.Preflight].FailWith = null;
        var retried = await h.Engine.ApplyAsync(runId, StepKind.Preflight, Ct);

        Assert.Equal(StepStatus.Failed, failed.Status);
        Assert.Equal("write 0 first", failed.Fix);
        Assert.Equal("write sriov_numvfs 4", failed.FailedCall);
        Assert.Equal(StepStatus.Succeeded, retried.Status);
        Assert.Equal(RunStatus.Active, (await h.Runs.GetAsync(runId, Ct))!.Status);
    }

    [Fact]
    public async Task ApplyAsync_ErrorFinding_BlocksApply()
    {
        await using var h = new EngineHarness();
        var runId = await h.Engine.CreateRunAsync(h.Lab.Id, EngineHarness.Settings, Ct);
        h.Steps[StepKind.Preflight].Findings.Add(new StepFinding("iommu", FindingSeverity.Error, "IOMMU off", "no dmar", "needed", "intel_iommu=on"));

        var result = await h.Engine.ApplyAsync(runId, StepKind.Preflight, Ct);

        Assert.Equal(StepStatus.Failed, result.Status);
        Assert.Contains("intel_iommu=on", result.Fix, StringComparison.Ordinal);
        Assert.Equal(0, h.Steps[StepKind.Preflight].ApplyCalls);
    }

    [Fact]
    public async Task RecoverAsync_AfterCrashMidStep_RunInterruptedThenResumesFromThatStep()
    {
        await using var h = new EngineHarness();
        var runId = await h.Engine.CreateRunAsync(h.Lab.Id, EngineHarness.Settings, Ct);
        await h.Engine.ApplyAsync(runId, StepKind.Preflight, Ct);
        h.Runs.ForceStepStatus(runId, StepKind.VirtualFunctions, StepStatus.Applying);

        h.Crash();
        await h.Engine.RecoverAsync(InterruptScope.ActiveRuns, Ct);
        var interrupted = await h.Runs.GetAsync(runId, Ct);
        await h.Engine.ResumeAsync(runId, Ct);
        var run = await h.Engine.RunRemainingAsync(runId, Ct);

        Assert.Equal(RunStatus.Interrupted, interrupted!.Status);
        Assert.Equal(StepStatus.Interrupted, interrupted.Step(StepKind.VirtualFunctions).Status);
        Assert.Equal(StepKind.VirtualFunctions, interrupted.NextStep);
        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal(1, h.Steps[StepKind.Preflight].ApplyCalls);
    }

    [Fact]
    public async Task RecoverAsync_ChangeBegunButNotFinished_ReportedOnceInTheRunLog()
    {
        await using var h = new EngineHarness();
        var runId = await h.Engine.CreateRunAsync(h.Lab.Id, EngineHarness.Settings, Ct);
        const string Change = "write 4 to /sys/bus/pci/devices/0000:3b:00.0/sriov_numvfs";
        h.Changes.RecordIntent(h.Lab.Id, Change, DateTimeOffset.UnixEpoch);
        var finished = h.Changes.RecordIntent(h.Lab.Id, "write 1 to /sys/bus/pci/drivers_probe", DateTimeOffset.UnixEpoch);
        h.Changes.RecordResult(finished, null, DateTimeOffset.UnixEpoch);

        h.Crash();
        await h.Engine.RecoverAsync(InterruptScope.ActiveRuns, Ct);
        await h.Engine.ResumeAsync(runId, Ct);
        h.Crash();
        await h.Engine.RecoverAsync(InterruptScope.ActiveRuns, Ct);
        var log = (await h.Events.ReadAsync(runId, 0, 1000, Ct)).Select(e => e.Text).ToList();

        var reported = Assert.Single(log, t => t.StartsWith("While the dashboard was down", StringComparison.Ordinal));
        Assert.Contains(Change + " (begun ", reported, StringComparison.Ordinal);
        Assert.Contains("may or may not have happened", reported, StringComparison.Ordinal);
        Assert.DoesNotContain(log, t => t.Contains("drivers_probe", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InspectAsync_InterruptedRun_RequiresResume()
    {
        await using var h = new EngineHarness();
        var runId = await h.Engine.CreateRunAsync(h.Lab.Id, EngineHarness.Settings, Ct);
        await h.Engine.RecoverAsync(InterruptScope.ActiveRuns, Ct);

        var error = await Assert.ThrowsAsync<ActionableException>(() => h.Engine.InspectAsync(runId, StepKind.Preflight, Ct));

        Assert.Contains("Resume", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_WholeRun_SequencesAreOneToNWithoutGaps()
    {
        await using var h = new EngineHarness();
        var runId = await h.Engine.CreateRunAsync(h.Lab.Id, EngineHarness.Settings, Ct);

        await h.Engine.RunRemainingAsync(runId, Ct);
        var events = await h.Events.ReadAsync(runId, 0, 10_000, Ct);

        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Contains(events, e => e.Kind == RunEventKind.Log && e.Text == "DpdkTest applying");
    }

    [Fact]
    public async Task TeardownAsync_AfterWholeRun_TearsDownLastStepFirstAndRunStaysSucceeded()
    {
        await using var h = new EngineHarness();
        var runId = await h.Engine.CreateRunAsync(h.Lab.Id, EngineHarness.Settings, Ct);
        await h.Engine.RunRemainingAsync(runId, Ct);

        var run = await h.Engine.TeardownAsync(runId, TeardownOptions.KeepCluster, Ct);
        var events = await h.Events.ReadAsync(runId, 0, 10_000, Ct);

        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal(RunTeardown.TornDown, run.Teardown);
        Assert.Equal(Enum.GetValues<StepKind>().Reverse(), h.TeardownOrder);
        Assert.All(run.Steps, s => Assert.Equal(StepStatus.TornDown, s.Status));
        // Each step's teardown is logged with what it removed, not as a failure without an error ("TornDown:  Fix:").
        Assert.Equal(run.Steps.Count, events.Count(e => e.Text.StartsWith("Torn down: ", StringComparison.Ordinal)));
        Assert.DoesNotContain(events, e => e.Text.Contains(" Fix: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TeardownAsync_StepFails_StopsThereAndSecondTeardownFinishesTheRest()
    {
        await using var h = new EngineHarness();
        var runId = await h.Engine.CreateRunAsync(h.Lab.Id, EngineHarness.Settings, Ct);
        await h.Engine.RunRemainingAsync(runId, Ct);
        h.Steps[StepKind.WorkerVms].TeardownFailsWith = new ActionableException("domain busy", "stop the VM first");

        var failed = await h.Engine.TeardownAsync(runId, TeardownOptions.KeepCluster, Ct);
        h.Steps[StepKind.WorkerVms].TeardownFailsWith = null;
        var finished = await h.Engine.TeardownAsync(runId, TeardownOptions.KeepCluster, Ct);

        Assert.Equal(RunStatus.Succeeded, failed.Status);
        Assert.Equal(RunTeardown.Failed, failed.Teardown);
        Assert.Equal("stop the VM first", failed.Step(StepKind.WorkerVms).Fix);
        Assert.Equal(StepStatus.Succeeded, failed.Step(StepKind.Cluster).Status);
        Assert.Equal(RunTeardown.TornDown, finished.Teardown);
        Assert.Equal(RunStatus.Succeeded, finished.Status);
        Assert.Equal(1, h.TeardownOrder.Count(k => k == StepKind.DpdkTest));
    }

    [Fact]
    public async Task ResumeAsync_TornDownRun_RebuildsEveryStep()
    {
        await using var h = new EngineHarness();
        var runId = await h.Engine.CreateRunAsync(h.Lab.Id, EngineHarness.Settings, Ct);
        await h.Engine.RunRemainingAsync(runId, Ct);
        await h.Engine.TeardownAsync(runId, TeardownOptions.KeepCluster, Ct);

        await h.Engine.ResumeAsync(runId, Ct);
        var run = await h.Engine.RunRemainingAsync(runId, Ct);

        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Null(run.Teardown);
        Assert.All(h.Steps.Values, s => Assert.Equal(2, s.ApplyCalls));
    }

    [Fact]
    public async Task ResumeAsync_TeardownFailed_RefusesAndSaysTearDownAgain()
    {
        await using var h = new EngineHarness();
        var runId = await h.Engine.CreateRunAsync(h.Lab.Id, EngineHarness.Settings, Ct);
        await h.Engine.RunRemainingAsync(runId, Ct);
        h.Steps[StepKind.WorkerVms].TeardownFailsWith = new ActionableException("domain busy", "stop the VM first");
        await h.Engine.TeardownAsync(runId, TeardownOptions.KeepCluster, Ct);

        var error = await Assert.ThrowsAsync<ActionableException>(() => h.Engine.ResumeAsync(runId, Ct));

        Assert.Contains("tear the run down again", error.Fix, StringComparison.Ordinal);
        Assert.Equal(0, h.Steps.Values.Sum(s => s.ApplyCalls) - h.Steps.Count);
    }

    private sealed class FixedCheck(IReadOnlyList<FieldError> errors) : IRunSettingsCheck
    {
        public IReadOnlyList<FieldError> Check(RunSettings settings, ILabEnvironment lab) => errors;
    }
}
