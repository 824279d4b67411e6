using System.Globalization;
using VirtSriov.Core.Cluster;
using VirtSriov.Core.Cluster.Manifests;
using VirtSriov.Core.Cluster.Steps;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tests.Testpmd;

namespace VirtSriov.Core.Tests.Cluster.Steps;

/// <summary>The four cluster steps in order on the simulated cluster: plan, apply, apply again.</summary>
public sealed class ClusterStepsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ClusterStep_PlanApplyApply_ShowsKcliFileAdoptsOnceThenChangesNothing()
    {
        await using var lab = new ClusterLabFake();
        var step = new ClusterStep();
        var context = lab.Context();

        var findings = await step.InspectAsync(context, Token);
        var plan = await step.PlanAsync(context, Token);
        var first = await step.ApplyAsync(context, plan, Token);
        var second = await step.ApplyAsync(context, await step.PlanAsync(context, Token), Token);

        Assert.DoesNotContain(findings, f => f.Severity == FindingSeverity.Error);
        Assert.Contains(findings, f => f.Observed.Contains("Node virtsriov-worker-1 is worker VM virtsriov-worker-1", StringComparison.Ordinal));
        var kcli = Assert.Single(plan.Artifacts);
        Assert.Equal("kcli-parameters.yml", kcli.Name);
        Assert.Contains("workers: 2", kcli.Content, StringComparison.Ordinal);
        Assert.True(first.Changed);
        Assert.False(second.Changed);
        Assert.NotNull(step.Limitations);
    }

    [Fact]
    public async Task ClusterStep_WorkerVmWithoutNode_FailsNamingIt()
    {
        await using var lab = new ClusterLabFake();
        var step = new ClusterStep();
        var context = lab.Context(new RunSettings { Workers = ["virtsriov-worker-0", "virtsriov-worker-7"] });

        var plan = await step.PlanAsync(context, Token);
        var error = await Assert.ThrowsAsync<ActionableException>(() => step.ApplyAsync(context, plan, Token));

        Assert.Contains("virtsriov-worker-7", error.Message, StringComparison.Ordinal);
        Assert.Equal(nameof(RunSettings.Workers), error.Field);
    }

    [Fact]
    public async Task NodeTuningStep_PlanApplyApply_OneRebootPerWorkerThenNoRollout()
    {
        await using var lab = new ClusterLabFake();
        var step = new NodeTuningStep(ClusterLabFake.FastWaits);
        var context = lab.Context();

        var plan = await step.PlanAsync(context, Token);
        var first = await step.ApplyAsync(context, plan, Token);
        var rebootsAfterFirst = RebootLines(lab);
        var secondPlan = await step.PlanAsync(context, Token);
        var second = await step.ApplyAsync(context, secondPlan, Token);

        Assert.Equal(["performance-profile.yaml", "machineconfig-crio-memlock.yaml", "machineconfig-vfio-pci.yaml"], plan.Artifacts.Select(a => a.Name));
        Assert.Contains("8086:154c", plan.DetailsAs<NodeTuningPlanDetails>().VfDevices.Select(d => d.ToString()));
        Assert.Equal(3, plan.Changes.Count);
        Assert.True(first.Changed);
        Assert.Equal(["virtsriov-worker-0: rebooted (reboots: 1).", "virtsriov-worker-1: rebooted (reboots: 1)."], rebootsAfterFirst);
        Assert.Contains("virtsriov-worker-0 1", first.Summary, StringComparison.Ordinal);
        Assert.True(secondPlan.NothingToDo);
        Assert.False(second.Changed);
        Assert.Equal(rebootsAfterFirst, RebootLines(lab));
    }

    [Fact]
    public async Task NodeTuningStep_NoVfAttached_PlanThrowsActionable()
    {
        var noVfs = new Dictionary<string, IReadOnlyList<string>> { ["virtsriov-worker-0"] = [], ["virtsriov-worker-1"] = [] };
        await using var lab = new ClusterLabFake(hostdevs: noVfs);

        var error = await Assert.ThrowsAsync<ActionableException>(() => new NodeTuningStep(ClusterLabFake.FastWaits).PlanAsync(lab.Context(), Token));

        Assert.Contains("No VF", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevicePluginStep_AfterTuning_EveryWorkerAdvertisesAndSecondApplyChangesNothing()
    {
        await using var lab = new ClusterLabFake();
        var context = lab.Context();
        await TuneAsync(context);
        var step = new DevicePluginStep(ClusterLabFake.FastWaits);

        var plan = await step.PlanAsync(context, Token);
        var first = await step.ApplyAsync(context, plan, Token);
        var second = await step.ApplyAsync(context, await step.PlanAsync(context, Token), Token);

        Assert.Equal(6, plan.Changes.Count);
        Assert.Contains(plan.Artifacts, a => a.Name == "device-plugin.yaml" && a.Content.Contains("kind: DaemonSet", StringComparison.Ordinal));
        Assert.True(first.Changed);
        Assert.Contains("virtsriov-worker-0: 2", first.Summary, StringComparison.Ordinal);
        Assert.Contains("virtsriov-worker-1: 2", first.Summary, StringComparison.Ordinal);
        Assert.False(second.Changed);
    }

    [Fact]
    public async Task DevicePluginStep_WithoutTuning_TimesOutNamingTheNodes()
    {
        await using var lab = new ClusterLabFake();
        var context = lab.Context();
        var step = new DevicePluginStep(ClusterLabFake.FastWaits with { DevicePlugin = TimeSpan.FromMilliseconds(50) });

        var error = await Assert.ThrowsAsync<ActionableException>(async () => await step.ApplyAsync(context, await step.PlanAsync(context, Token), Token));

        Assert.Contains("virtsriov-worker-0, virtsriov-worker-1 advertise no openshift.io/intelnics", error.Message, StringComparison.Ordinal);
        Assert.Contains("vfio-pci", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DpdkTestStep_AfterDevicePlugin_ForwardsAndCanRunAgain()
    {
        await using var lab = new ClusterLabFake();
        var context = lab.Context();
        await TuneAsync(context);
        await DeployDevicePluginAsync(context);
        var step = new DpdkTestStep(ClusterLabFake.FastWaits);

        var plan = await step.PlanAsync(context, Token);
        var first = await step.ApplyAsync(context, plan, Token);
        var again = await step.ApplyAsync(context, plan, Token);

        // The capture's "Accumulated forward statistics": TX-packets 79982592.
        const string expectedTx = "79,982,592";
        var perAttempt = ReferenceStatsParser.Parse(TestpmdData.ReadText(TestpmdData.NullMacFinal)).Count;
        var pod = Assert.Single(plan.Artifacts);
        Assert.Contains("PCIDEVICE_OPENSHIFT_IO_INTELNICS", pod.Content, StringComparison.Ordinal);
        Assert.Contains($"sent {expectedTx}", first.Summary, StringComparison.Ordinal);
        Assert.Contains($"sent {expectedTx}", again.Summary, StringComparison.Ordinal);
        Assert.Contains(lab.Log.Lines, l => l.Level == RunLogLevel.Command && l.Text.StartsWith("delete Pod/", StringComparison.Ordinal));
        Assert.Contains(lab.Log.Lines, l => l.Level == RunLogLevel.Output && l.Text.Contains("TX-packets:", StringComparison.Ordinal));
        Assert.Equal(2, lab.Testpmd.Durations.Count);
        var attempts = lab.Log.Samples.GroupBy(s => s.TestAttempt).ToList();
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, a => Assert.Equal(perAttempt, a.Count()));
        Assert.DoesNotContain(Guid.Empty, attempts.Select(a => a.Key));
    }

    [Fact]
    public async Task DpdkTestStep_TestpmdWithoutDevice_FailsWithTheEalError()
    {
        await using var lab = new ClusterLabFake(testpmdLines: ClusterTestpmdFake.NoDevice);
        var context = lab.Context();
        await TuneAsync(context);
        await DeployDevicePluginAsync(context);
        var step = new DpdkTestStep(ClusterLabFake.FastWaits);

        var error = await Assert.ThrowsAsync<ActionableException>(async () => await step.ApplyAsync(context, await step.PlanAsync(context, Token), Token));

        Assert.Contains("Cannot open /dev/vfio/5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DpdkTestStep_NoResourceAnywhere_TimesOutWaitingForRunning()
    {
        await using var lab = new ClusterLabFake();
        var context = lab.Context();
        var step = new DpdkTestStep(ClusterLabFake.FastWaits with { PodRunning = TimeSpan.FromMilliseconds(50) });

        var error = await Assert.ThrowsAsync<ActionableException>(async () => await step.ApplyAsync(context, await step.PlanAsync(context, Token), Token));

        Assert.Contains($"pod {ManifestNames.TestNamespace}/{ManifestNames.TestpmdPod} to run: the pod is Pending", error.Message, StringComparison.Ordinal);
    }

    private static List<string> RebootLines(ClusterLabFake lab) =>
        lab.Log.Lines.Where(l => l.Text.Contains(": rebooted", StringComparison.Ordinal)).Select(l => l.Text)
            .Order(StringComparer.Ordinal).ToList(); // workers reboot one after the other; under load the poll may report them in either order

    private static async Task TuneAsync(StepContext context)
    {
        var step = new NodeTuningStep(ClusterLabFake.FastWaits);
        await step.ApplyAsync(context, await step.PlanAsync(context, Token), Token);
    }

    private static async Task DeployDevicePluginAsync(StepContext context)
    {
        var step = new DevicePluginStep(ClusterLabFake.FastWaits);
        await step.ApplyAsync(context, await step.PlanAsync(context, Token), Token);
    }
}
