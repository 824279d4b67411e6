using VirtSriov.Core.Cluster;
using VirtSriov.Core.Cluster.Manifests;
using VirtSriov.Core.Cluster.Simulation;
using VirtSriov.Core.Cluster.Steps;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tests.Cluster.Steps;

namespace VirtSriov.Core.Tests.Cluster;

/// <summary>Teardown on the simulated cluster after a whole run of the cluster steps.</summary>
public sealed class ClusterTeardownTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TeardownAsync_AfterAWholeRun_RemovesEverythingInReverseWithOneRebootPerWorker()
    {
        await using var lab = new ClusterLabFake();
        var context = lab.Context();
        await ClusterRunner.ApplyAsync(new ClusterStep(), context);
        await ClusterRunner.TuneAsync(context);
        await ClusterRunner.DeployDevicePluginAsync(context);
        await ClusterRunner.RunTestpmdAsync(context);
        var teardown = new ClusterTeardown(ClusterLabFake.FastWaits);

        var first = await teardown.TeardownAsync(context, Token);
        var second = await teardown.TeardownAsync(context, Token);

        Assert.Equal(ClusterTeardown.CreatedObjects.Reverse(), first.Deleted);
        Assert.Equal(new Dictionary<string, int> { ["virtsriov-worker-0"] = 1, ["virtsriov-worker-1"] = 1 }, first.Reboots);
        Assert.Empty(second.Deleted);
        Assert.Empty(second.Reboots);
        Assert.Null(await lab.Cluster.GetPodStateAsync(ManifestNames.TestNamespace, ManifestNames.TestpmdPod, Token));
        Assert.Equal(0, await lab.Cluster.GetAllocatableAsync("virtsriov-worker-0", new RunSettings().FullResourceName, Token));
        Assert.True((await lab.Cluster.GetPoolAsync(ClusterNames.WorkerPool, Token)).Updated);
    }

    [Fact]
    public async Task StepTeardowns_InEngineOrder_EachRemovesItsOwnAndTuningRebootsOnce()
    {
        await using var lab = new ClusterLabFake();
        var context = lab.Context();
        IStepTeardown[] steps = [new DpdkTestStep(ClusterLabFake.FastWaits), new DevicePluginStep(ClusterLabFake.FastWaits), new NodeTuningStep(ClusterLabFake.FastWaits), new ClusterStep()];
        foreach (var step in steps.Reverse().Cast<IRunStep>())
        {
            await ClusterRunner.ApplyAsync(step, context);
        }

        var outcomes = new List<StepOutcome>();
        foreach (var step in steps)
        {
            outcomes.Add(await step.TeardownAsync(context, Token));
        }

        var again = await steps[2].TeardownAsync(context, Token);

        Assert.All(outcomes, o => Assert.True(o.Changed));
        Assert.StartsWith($"Removed Pod/{ManifestNames.TestNamespace}/{ManifestNames.TestpmdPod}", outcomes[0].Summary, StringComparison.Ordinal);
        Assert.Contains("reboots: virtsriov-worker-0 1, virtsriov-worker-1 1", outcomes[2].Summary, StringComparison.Ordinal);
        Assert.False(again.Changed);
    }

    [Fact]
    public async Task TeardownAsync_PlainKubernetes_LeavesTheManualTuningAndTouchesNoPool()
    {
        await using var lab = new ClusterLabFake(faults: new SimulatedClusterFaults(IsOpenShift: false));
        var context = lab.Context();
        await ClusterRunner.ApplyAsync(new ClusterStep(), context);
        await ClusterRunner.DeployDevicePluginAsync(context);

        var outcome = await new ClusterTeardown(ClusterLabFake.FastWaits).TeardownAsync(context, Token);

        Assert.Equal(
            [ManifestNames.DevicePluginDaemonSet, ManifestNames.DevicePluginConfigMap, ManifestNames.DevicePluginServiceAccount, ManifestNames.DevicePluginNamespace, ClusterStep.LabNamespace],
            outcome.Deleted.Select(d => d.Name));
        Assert.Empty(outcome.Reboots);
    }
}
