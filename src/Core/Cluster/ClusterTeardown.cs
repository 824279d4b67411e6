using VirtSriov.Core.Cluster.Manifests;
using VirtSriov.Core.Cluster.Steps;
using VirtSriov.Core.Steps;
using k8s.Models;

namespace VirtSriov.Core.Cluster;

/// <summary>
/// Removes from the cluster what the cluster steps created, each step's objects in the reverse of the order it applied
/// them, and the steps last first (the engine's <see cref="IStepTeardown"/> order): the test pod and its namespace,
/// the device plugin, then the tuning — with the worker pool paused, so that removing the PerformanceProfile and both
/// MachineConfigs costs one reboot per worker, not three, unpaused only once the rendered config no longer lists them
/// (<see cref="PoolRollout"/>) — and last the adoption marker. Objects already gone are
/// skipped, so a teardown can be repeated after a failure.
/// </summary>
public sealed class ClusterTeardown(ClusterWaits? waits = null)
{
    private static readonly StepKind[] ClusterSteps = [StepKind.Cluster, StepKind.NodeTuning, StepKind.DevicePlugin, StepKind.DpdkTest];

    private readonly ClusterWaits waits = waits ?? ClusterWaits.Default;

    /// <summary>Objects the steps create, in the order they apply them (cluster, node tuning, device plugin, DPDK test).</summary>
    public static IReadOnlyList<ObjectReference> CreatedObjects { get; } = [.. ClusterSteps.SelectMany(ObjectsOf)];

    /// <summary>The objects one step creates, in the order it applies them.</summary>
    public static IReadOnlyList<ObjectReference> ObjectsOf(StepKind step) => step switch
    {
        StepKind.Cluster => [new("v1", V1Namespace.KubeKind, null, ClusterStep.LabNamespace)],
        StepKind.NodeTuning =>
        [
            new(PerformanceProfile.GroupVersion, PerformanceProfile.KindName, null, ManifestNames.PerformanceProfile),
            new(MachineConfig.GroupVersion, MachineConfig.KindName, null, ManifestNames.CrioMemlockMachineConfig),
            new(MachineConfig.GroupVersion, MachineConfig.KindName, null, ManifestNames.VfioMachineConfig),
        ],
        StepKind.DevicePlugin =>
        [
            new("v1", V1Namespace.KubeKind, null, ManifestNames.DevicePluginNamespace),
            new("v1", V1ServiceAccount.KubeKind, ManifestNames.DevicePluginNamespace, ManifestNames.DevicePluginServiceAccount),
            new("rbac.authorization.k8s.io/v1", V1ClusterRole.KubeKind, null, ManifestNames.PrivilegedSccClusterRole),
            new("rbac.authorization.k8s.io/v1", V1RoleBinding.KubeKind, ManifestNames.DevicePluginNamespace, ManifestNames.PrivilegedSccRoleBinding),
            new("v1", V1ConfigMap.KubeKind, ManifestNames.DevicePluginNamespace, ManifestNames.DevicePluginConfigMap),
            new("apps/v1", V1DaemonSet.KubeKind, ManifestNames.DevicePluginNamespace, ManifestNames.DevicePluginDaemonSet),
        ],
        StepKind.DpdkTest =>
        [
            new("v1", V1Namespace.KubeKind, null, ManifestNames.TestNamespace),
            new("v1", V1Pod.KubeKind, ManifestNames.TestNamespace, ManifestNames.TestpmdPod),
        ],
        _ => [],
    };

    /// <summary>The whole run's cluster objects, last step first.</summary>
    public async Task<TeardownOutcome> TeardownAsync(StepContext context, CancellationToken cancellationToken)
    {
        var deleted = new List<ObjectReference>();
        var reboots = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var step in ClusterSteps.Reverse())
        {
            var outcome = await TeardownObjectsAsync(step, context, cancellationToken).ConfigureAwait(false);
            deleted.AddRange(outcome.Deleted);
            foreach (var (node, count) in outcome.Reboots)
            {
                reboots[node] = count;
            }
        }

        return new TeardownOutcome(deleted, reboots);
    }

    /// <summary>One step's teardown, as its <see cref="IStepTeardown"/> reports it.</summary>
    public async Task<StepOutcome> TeardownStepAsync(StepKind step, StepContext context, CancellationToken cancellationToken)
    {
        var outcome = await TeardownObjectsAsync(step, context, cancellationToken).ConfigureAwait(false);
        var reboots = outcome.Reboots.Count == 0 ? "" : "; reboots: " + string.Join(", ", outcome.Reboots.Select(r => $"{r.Key} {r.Value}"));
        return new StepOutcome(
            outcome.Deleted.Count > 0,
            outcome.Deleted.Count == 0 ? "Nothing of this step was left on the cluster." : $"Removed {string.Join(", ", outcome.Deleted)}{reboots}.");
    }

    private async Task<TeardownOutcome> TeardownObjectsAsync(StepKind step, StepContext context, CancellationToken cancellationToken)
    {
        var deleted = new List<ObjectReference>();
        var reboots = new Dictionary<string, int>(StringComparer.Ordinal);
        var targets = ObjectsOf(step).Reverse().ToList();
        if (step == StepKind.NodeTuning)
        {
            var info = await context.Lab.Cluster.GetInfoAsync(cancellationToken).ConfigureAwait(false);
            if (info.IsOpenShift)
            {
                await RemoveTuningAsync(context, targets, deleted, reboots, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                context.Log.Info("Plain Kubernetes: the tuning was made by hand and stays; undo it on the workers if needed.");
            }

            return new TeardownOutcome(deleted, reboots);
        }

        foreach (var target in targets)
        {
            await DeleteAsync(context, target, deleted, cancellationToken).ConfigureAwait(false);
        }

        return new TeardownOutcome(deleted, reboots);
    }

    private static async Task DeleteAsync(StepContext context, ObjectReference target, List<ObjectReference> deleted, CancellationToken cancellationToken)
    {
        if (await context.Lab.Cluster.DeleteAsync(target, cancellationToken).ConfigureAwait(false))
        {
            context.Log.Write(RunLogLevel.Command, $"delete {target}");
            deleted.Add(target);
        }
    }

    /// <summary>Pause, delete the tuning objects, unpause, follow the one rollout back to the untuned configuration.</summary>
    private async Task RemoveTuningAsync(StepContext context, IReadOnlyList<ObjectReference> tuning, List<ObjectReference> deleted, Dictionary<string, int> reboots, CancellationToken cancellationToken)
    {
        var cluster = context.Lab.Cluster;
        await cluster.SetPoolPausedAsync(ClusterNames.WorkerPool, paused: true, cancellationToken).ConfigureAwait(false);
        foreach (var target in tuning)
        {
            await DeleteAsync(context, target, deleted, cancellationToken).ConfigureAwait(false);
        }

        if (deleted.Count == 0)
        {
            await cluster.SetPoolPausedAsync(ClusterNames.WorkerPool, paused: false, cancellationToken).ConfigureAwait(false);
            return;
        }

        var rollout = new PoolRollout(cluster, ClusterNames.WorkerPool, waits, context.Log, context.Time);
        var rendered = await rollout.WaitForRenderAsync([], NodeTuningStep.RenderedSources, cancellationToken).ConfigureAwait(false);
        var before = await rollout.NodesAsync(cancellationToken).ConfigureAwait(false);
        await cluster.SetPoolPausedAsync(ClusterNames.WorkerPool, paused: false, cancellationToken).ConfigureAwait(false);
        context.Log.Info($"Removed the tuning with the worker pool paused; following every node back to {rendered}.");
        foreach (var (node, count) in await rollout.FollowAsync(rendered, before, cancellationToken).ConfigureAwait(false))
        {
            reboots[node] = count;
        }
    }
}
