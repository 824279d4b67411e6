using Microsoft.Extensions.Time.Testing;
using VirtSriov.Core.Cluster;
using VirtSriov.Core.Cluster.Manifests;
using VirtSriov.Core.Cluster.Simulation;
using VirtSriov.Core.Cluster.Steps;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tests.TestSupport;
using Xunit;

namespace VirtSriov.Core.Tests.Cluster.Simulation;

public sealed class SimulatedClusterTests
{
    private static readonly RunSettings Settings = new();

    private static readonly ManifestSet Manifests = ManifestSet.Create(Settings, new ManifestInputs([new("8086", "154c")], 8));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ApplyAsync_SameObjectsTwice_SecondChangesNothing()
    {
        await using var lab = new ClusterLabFake();

        var first = await lab.Cluster.ApplyAsync(Manifests.DevicePlugin, dryRun: false, Token);
        var second = await lab.Cluster.ApplyAsync(Manifests.DevicePlugin, dryRun: false, Token);

        Assert.All(first, r => Assert.True(r.Changed, r.Target.ToString()));
        Assert.All(second, r => Assert.False(r.Changed, r.Target.ToString()));
    }

    [Fact]
    public async Task ApplyAsync_DryRun_ReportsChangesButStoresNothing()
    {
        await using var lab = new ClusterLabFake();

        var dry = await lab.Cluster.ApplyAsync(Manifests.NodeTuning, dryRun: true, Token);
        var real = await lab.Cluster.ApplyAsync(Manifests.NodeTuning, dryRun: false, Token);

        Assert.All(dry, r => Assert.True(r.Changed));
        Assert.All(real, r => Assert.True(r.Changed));
    }

    [Fact]
    public async Task ApplyAsync_ObjectInMissingNamespace_ThrowsActionable()
    {
        await using var lab = new ClusterLabFake();

        var error = await Assert.ThrowsAsync<ActionableException>(() => lab.Cluster.ApplyAsync([Manifests.DevicePluginConfigMap], dryRun: false, Token));

        Assert.Contains(ManifestNames.DevicePluginNamespace, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_AfterRestart_KeepsStateAndReapplyIsNoOp()
    {
        await using var lab = new ClusterLabFake();
        await lab.Cluster.ApplyAsync(Manifests.DevicePlugin, dryRun: false, Token);

        var restarted = new SimulatedCluster(lab.StateFolder, lab.Hypervisor, lab.Sysfs, lab.Testpmd, TimeProvider.System, ClusterLabFake.FastTimings);
        var results = await restarted.ApplyAsync(Manifests.DevicePlugin, dryRun: false, Token);

        Assert.All(results, r => Assert.False(r.Changed));
    }

    [Fact]
    public async Task Render_ThreeChangesWhilePaused_RenderedOnlyAfterTheDelayThenOneRebootPerWorker()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        await using var lab = new ClusterLabFake(time: time, timings: new SimulatedClusterTimings(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5)));
        var cluster = lab.Cluster;
        var initial = await cluster.GetPoolAsync(ClusterNames.WorkerPool, Token);
        await cluster.SetPoolPausedAsync(ClusterNames.WorkerPool, paused: true, Token);
        await cluster.ApplyAsync(Manifests.NodeTuning, dryRun: false, Token);

        var beforeRender = await cluster.GetPoolAsync(ClusterNames.WorkerPool, Token);
        time.Advance(TimeSpan.FromSeconds(5));
        var rendered = await cluster.GetPoolAsync(ClusterNames.WorkerPool, Token);
        var nodesWhilePaused = await cluster.GetPoolNodesAsync(ClusterNames.WorkerPool, Token);
        var reboots = await FakeTimePump.RunAsync(time, lab.RollOutAsync(NodeTuningStep.RenderedSources));

        Assert.True(beforeRender.Updated, "Until the render controller has rendered, the pool reports the old config as Updated.");
        Assert.Equal(initial.RenderedConfig, beforeRender.RenderedConfig);
        Assert.DoesNotContain(ManifestNames.PerformanceProfileMachineConfig, beforeRender.Sources);
        Assert.NotEqual(initial.RenderedConfig, rendered.RenderedConfig);
        Assert.StartsWith("rendered-worker-", rendered.RenderedConfig, StringComparison.Ordinal);
        Assert.Subset(rendered.Sources.ToHashSet(), NodeTuningStep.RenderedSources.ToHashSet());
        Assert.False(rendered.Updated);
        Assert.All(nodesWhilePaused, n => Assert.Equal(initial.RenderedConfig, n.CurrentConfig));
        Assert.Equal(new Dictionary<string, int> { ["virtsriov-worker-0"] = 1, ["virtsriov-worker-1"] = 1 }, reboots);
        Assert.All(await cluster.GetPoolNodesAsync(ClusterNames.WorkerPool, Token), n => Assert.True(n.IsOn(rendered.RenderedConfig!), n.Describe()));
        Assert.True((await cluster.GetPoolAsync(ClusterNames.WorkerPool, Token)).Updated);
    }

    [Fact]
    public async Task GetPoolNodesAsync_NothingChanged_EveryWorkerDoneOnTheRenderedConfig()
    {
        await using var lab = new ClusterLabFake();

        var pool = await lab.Cluster.GetPoolAsync(ClusterNames.WorkerPool, Token);
        var nodes = await lab.Cluster.GetPoolNodesAsync(ClusterNames.WorkerPool, Token);

        Assert.True(pool.Updated);
        Assert.Equal(SimulatedCluster.WorkerNodes, nodes.Select(n => n.Name));
        Assert.All(nodes, n => Assert.True(n.IsOn(pool.RenderedConfig!), n.Describe()));
    }

    [Fact]
    public async Task GetAllocatableAsync_DevicePluginBeforeAndAfterTuning_AdvertisesVfsOnlyWhenBoundToVfio()
    {
        await using var lab = new ClusterLabFake();
        var cluster = lab.Cluster;
        var resource = Settings.FullResourceName;

        var beforePlugin = await cluster.GetAllocatableAsync("virtsriov-worker-0", resource, Token);
        await cluster.ApplyAsync(Manifests.DevicePlugin, dryRun: false, Token);
        var beforeTuning = await cluster.GetAllocatableAsync("virtsriov-worker-0", resource, Token);
        await cluster.ApplyAsync(Manifests.NodeTuning, dryRun: false, Token);
        await lab.RollOutAsync(NodeTuningStep.RenderedSources);

        Assert.Equal(0, beforePlugin);
        Assert.Equal(0, beforeTuning);
        foreach (var worker in SimulatedCluster.WorkerNodes)
        {
            Assert.Equal(2, await cluster.GetAllocatableAsync(worker, resource, Token));
            Assert.Equal(4L << 30, await cluster.GetAllocatableAsync(worker, "hugepages-1Gi", Token));
        }

        Assert.Equal(0, await cluster.GetAllocatableAsync("virtsriov-ctlplane-0", resource, Token));
    }

    [Fact]
    public async Task GetAllocatableAsync_SelectorForOtherDevice_AdvertisesNone()
    {
        await using var lab = new ClusterLabFake();
        var e810Only = ManifestSet.Create(Settings, new ManifestInputs([new("8086", "1889")], 8));
        await lab.Cluster.ApplyAsync(Manifests.NodeTuning, dryRun: false, Token);
        await lab.RollOutAsync(NodeTuningStep.RenderedSources);

        await lab.Cluster.ApplyAsync(e810Only.DevicePlugin, dryRun: false, Token);

        Assert.Equal(0, await lab.Cluster.GetAllocatableAsync("virtsriov-worker-0", Settings.FullResourceName, Token));
    }

    [Fact]
    public async Task Pod_WithoutResource_StaysPending()
    {
        await using var lab = new ClusterLabFake();
        await lab.Cluster.ApplyAsync([Manifests.TestNamespace], dryRun: false, Token);

        await lab.Cluster.CreatePodAsync(Manifests.TestpmdPod, Token);

        Assert.Equal("Pending", (await lab.Cluster.GetPodStateAsync(ManifestNames.TestNamespace, ManifestNames.TestpmdPod, Token))?.Phase);
        await Assert.ThrowsAsync<ActionableException>(() => Collect(lab.Cluster.FollowPodLogAsync(ManifestNames.TestNamespace, ManifestNames.TestpmdPod, Token)));
    }

    [Fact]
    public async Task Pod_ResourceAllocatable_RunsTestpmdForTheConfiguredSecondsThenSucceeds()
    {
        await using var lab = new ClusterLabFake();
        var cluster = lab.Cluster;
        await cluster.ApplyAsync([.. Manifests.NodeTuning, .. Manifests.DevicePlugin, Manifests.TestNamespace], dryRun: false, Token);
        await lab.RollOutAsync(NodeTuningStep.RenderedSources);
        await cluster.CreatePodAsync(Manifests.TestpmdPod, Token);

        var running = (await cluster.GetPodStateAsync(ManifestNames.TestNamespace, ManifestNames.TestpmdPod, Token))?.Phase;
        var log = await Collect(cluster.FollowPodLogAsync(ManifestNames.TestNamespace, ManifestNames.TestpmdPod, Token));
        var replay = await Collect(cluster.FollowPodLogAsync(ManifestNames.TestNamespace, ManifestNames.TestpmdPod, Token));

        Assert.Equal("Running", running);
        Assert.Equal([TestpmdPodManifest.UidLinePrefix + "1000680000", .. ClusterTestpmdFake.Forwarding], log);
        Assert.Equal(log, replay);
        Assert.Equal([TimeSpan.FromSeconds(Settings.TestpmdSeconds)], lab.Testpmd.Durations);
        Assert.Equal("Succeeded", (await cluster.GetPodStateAsync(ManifestNames.TestNamespace, ManifestNames.TestpmdPod, Token))?.Phase);
        Assert.True(await cluster.DeleteAsync(ObjectReference.Of(Manifests.TestpmdPod), Token));
        Assert.Null(await cluster.GetPodStateAsync(ManifestNames.TestNamespace, ManifestNames.TestpmdPod, Token));
    }

    [Fact]
    public async Task GetInfoAsync_SimulatedLab_HasTheFiveNodesAndTheOperatorsCrds()
    {
        await using var lab = new ClusterLabFake();

        var info = await lab.Cluster.GetInfoAsync(Token);

        Assert.True(lab.Cluster.IsSimulated);
        Assert.True(info.IsOpenShift);
        Assert.Equal(
            ["virtsriov-ctlplane-0", "virtsriov-ctlplane-1", "virtsriov-ctlplane-2", "virtsriov-worker-0", "virtsriov-worker-1"],
            info.Nodes.Select(n => n.Name));
        Assert.Equal(["virtsriov-worker-0", "virtsriov-worker-1"], info.Workers.Select(n => n.Name));
        Assert.True(info.Serves(ClusterNames.PerformanceProfilesCrd));
        Assert.True(info.Serves(ClusterNames.MachineConfigsCrd));
        Assert.All(info.Workers, w => Assert.Equal(8, w.CpuCount));
    }

    private static async Task<List<T>> Collect<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items.WithCancellation(Token))
        {
            list.Add(item);
        }

        return list;
    }
}
