using System.Runtime.CompilerServices;
using Microsoft.Extensions.Time.Testing;
using VirtSriov.Core.Cluster;
using VirtSriov.Core.Cluster.Manifests;
using VirtSriov.Core.Cluster.Simulation;
using VirtSriov.Core.Cluster.Steps;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tests.TestSupport;
using k8s;
using k8s.Models;

namespace VirtSriov.Core.Tests.Cluster.Steps;

/// <summary>
/// Node tuning against the Machine Config Operator's real protocol, on the simulated cluster with a render delay:
/// the pool is unpaused only once its rendered config lists every MachineConfig, reboots are boot id changes.
/// </summary>
public sealed class NodeTuningRolloutTests
{
    private static readonly SimulatedClusterTimings RenderAfterFiveSeconds = new(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Apply_RenderDelay_UnpausesOnlyOnceRenderedAndCountsOneRebootPerWorker()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        await using var lab = new ClusterLabFake(time: time, timings: RenderAfterFiveSeconds);
        var unpause = new UnpauseRecordingCluster(lab.SimulatedCluster);
        lab.Cluster = unpause;
        var step = new NodeTuningStep(ClusterLabFake.FastWaits);
        var context = lab.Context();
        var plan = await step.PlanAsync(context, Token);

        var outcome = await FakeTimePump.RunAsync(time, step.ApplyAsync(context, plan, Token));

        Assert.Equal(["virtsriov-worker-0", "virtsriov-worker-1"], plan.Interruptions.Select(i => i.Target));
        Assert.Contains(lab.Log.Rollouts, rows => rows.Any(r => !r.Done));
        Assert.Equal(
            [new NodeRolloutRow("virtsriov-worker-0", "Done", Assert.Single(unpause.PoolsAtUnpause).RenderedConfig, Assert.Single(unpause.PoolsAtUnpause).RenderedConfig, 1), new NodeRolloutRow("virtsriov-worker-1", "Done", Assert.Single(unpause.PoolsAtUnpause).RenderedConfig, Assert.Single(unpause.PoolsAtUnpause).RenderedConfig, 1)],
            lab.Log.Rollouts.Last().OrderBy(r => r.Node, StringComparer.Ordinal));
        var atUnpause = Assert.Single(unpause.PoolsAtUnpause);
        Assert.Subset(atUnpause.Sources.ToHashSet(), NodeTuningStep.RenderedSources.ToHashSet());
        Assert.Equal(
            ["virtsriov-worker-0: rebooted (reboots: 1).", "virtsriov-worker-1: rebooted (reboots: 1)."],
            lab.Log.Lines.Where(l => l.Text.Contains(": rebooted", StringComparison.Ordinal)).Select(l => l.Text).Order(StringComparer.Ordinal));
        Assert.Contains("reboots: virtsriov-worker-0 1, virtsriov-worker-1 1", outcome.Summary, StringComparison.Ordinal);
        Assert.Contains(lab.Log.Lines, l => l.Text.StartsWith("Waiting for the render controller", StringComparison.Ordinal));
        Assert.All(
            await lab.Cluster.GetPoolNodesAsync(ClusterNames.WorkerPool, Token),
            n => Assert.True(n.IsOn(atUnpause.RenderedConfig!), n.Describe()));
    }

    [Fact]
    public async Task Apply_PoolLeftPausedByAnInterruptedAttempt_DoesNotPauseItAgainAndRollsOutOnce()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        await using var lab = new ClusterLabFake(time: time, timings: RenderAfterFiveSeconds);
        await lab.SimulatedCluster.SetPoolPausedAsync(ClusterNames.WorkerPool, paused: true, Token);
        var recording = new UnpauseRecordingCluster(lab.SimulatedCluster);
        lab.Cluster = recording;
        var step = new NodeTuningStep(ClusterLabFake.FastWaits);
        var context = lab.Context();
        var plan = await step.PlanAsync(context, Token);

        var outcome = await FakeTimePump.RunAsync(time, step.ApplyAsync(context, plan, Token));

        Assert.Equal((0, 1), (recording.PauseCalls, recording.PoolsAtUnpause.Count));
        Assert.Contains("reboots: virtsriov-worker-0 1, virtsriov-worker-1 1", outcome.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Teardown_RenderDelay_UnpausesOnlyOnceTheTuningLeftTheRenderedConfig()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        await using var lab = new ClusterLabFake(time: time, timings: RenderAfterFiveSeconds);
        var step = new NodeTuningStep(ClusterLabFake.FastWaits);
        var context = lab.Context();
        await FakeTimePump.RunAsync(time, step.ApplyAsync(context, await step.PlanAsync(context, Token), Token));
        var unpause = new UnpauseRecordingCluster(lab.SimulatedCluster);
        lab.Cluster = unpause;

        var outcome = await FakeTimePump.RunAsync(time, step.TeardownAsync(context, Token));

        var atUnpause = Assert.Single(unpause.PoolsAtUnpause);
        Assert.Empty(atUnpause.Sources.Intersect(NodeTuningStep.RenderedSources));
        Assert.Contains("reboots: virtsriov-worker-0 1, virtsriov-worker-1 1", outcome.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_NodesWithoutDaemonAnnotations_FailsNamingThemAfterABoundedWaitAndLogsMeanwhile()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        await using var lab = new ClusterLabFake(time: time, timings: RenderAfterFiveSeconds, faults: new SimulatedClusterFaults(NodesWithoutDaemon: true));
        var waits = ClusterLabFake.FastWaits with { NodeAnnotations = TimeSpan.FromMinutes(3), ProgressLog = TimeSpan.FromMinutes(1), PoolRollout = TimeSpan.FromMinutes(90) };
        var step = new NodeTuningStep(waits);
        var context = lab.Context();
        var plan = await step.PlanAsync(context, Token);

        var error = await Assert.ThrowsAsync<ActionableException>(() => FakeTimePump.RunAsync(time, step.ApplyAsync(context, plan, Token), TimeSpan.FromSeconds(1)));

        Assert.Contains("virtsriov-worker-0, virtsriov-worker-1", error.Message, StringComparison.Ordinal);
        Assert.Contains("no Machine Config Daemon annotations", error.Message, StringComparison.Ordinal);
        Assert.Contains("machine-config-daemon", error.Fix, StringComparison.Ordinal);
        Assert.InRange(lab.Log.Lines.Count(l => l.Text.StartsWith("Still waiting for rendered-worker-", StringComparison.Ordinal)), 2, 3);
    }

    /// <summary>Records the worker pool as the API shows it at the moment the step unpauses it.</summary>
    private sealed class UnpauseRecordingCluster(IClusterClient inner) : IClusterClient
    {
        public List<MachineConfigPoolState> PoolsAtUnpause { get; } = [];

        public int PauseCalls { get; private set; }

        public bool IsSimulated => inner.IsSimulated;

        public Task<ClusterInfo> GetInfoAsync(CancellationToken cancellationToken) => inner.GetInfoAsync(cancellationToken);

        public Task<IReadOnlyList<ApplyResult>> ApplyAsync(IReadOnlyList<IKubernetesObject<V1ObjectMeta>> objects, bool dryRun, CancellationToken cancellationToken) =>
            inner.ApplyAsync(objects, dryRun, cancellationToken);

        public Task<MachineConfigPoolState> GetPoolAsync(string pool, CancellationToken cancellationToken) => inner.GetPoolAsync(pool, cancellationToken);

        public async Task<bool> SetPoolPausedAsync(string pool, bool paused, CancellationToken cancellationToken)
        {
            if (!paused)
            {
                PoolsAtUnpause.Add(await inner.GetPoolAsync(pool, cancellationToken));
            }
            else
            {
                PauseCalls++;
            }

            return await inner.SetPoolPausedAsync(pool, paused, cancellationToken);
        }

        public Task<IReadOnlyList<MachineConfigNodeState>> GetPoolNodesAsync(string pool, CancellationToken cancellationToken) => inner.GetPoolNodesAsync(pool, cancellationToken);

        public Task<long> GetAllocatableAsync(string node, string resource, CancellationToken cancellationToken) => inner.GetAllocatableAsync(node, resource, cancellationToken);

        public Task CreatePodAsync(V1Pod pod, CancellationToken cancellationToken) => inner.CreatePodAsync(pod, cancellationToken);

        public Task<PodState?> GetPodStateAsync(string ns, string name, CancellationToken cancellationToken) => inner.GetPodStateAsync(ns, name, cancellationToken);

        public async IAsyncEnumerable<string> FollowPodLogAsync(string ns, string name, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var line in inner.FollowPodLogAsync(ns, name, cancellationToken))
            {
                yield return line;
            }
        }

        public Task<bool> DeleteAsync(ObjectReference target, CancellationToken cancellationToken) => inner.DeleteAsync(target, cancellationToken);
    }
}
