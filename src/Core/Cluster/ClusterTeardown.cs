using k8s.Models;
using VirtSriov.Core.Cluster.Manifests;
using VirtSriov.Core.Cluster.Steps;
using VirtSriov.Core.Runs;

namespace VirtSriov.Core.Cluster;

/// <summary>
/// Removes from the cluster everything a run created, in the reverse of the order the steps applied it: the test pod
/// and its namespace, the device plugin, then the tuning (with the worker pool paused, so that removing the
/// PerformanceProfile and both MachineConfigs costs one reboot per worker, not three), and last the adoption marker.
/// Objects already gone are skipped, so a teardown can be repeated after a failure.
/// </summary>
public sealed class ClusterTeardown(ClusterWaits? waits = null)
{
    private readonly ClusterWaits waits = waits ?? ClusterWaits.Default;

    /// <summary>Objects the steps create, in the order they apply them (cluster, node tuning, device plugin, DPDK test).</summary>
    public static IReadOnlyList<ObjectReference> CreatedObjects { get; } =
    [
        new("v1", V1Namespace.KubeKind, null, ClusterStep.LabNamespace),
        new(PerformanceProfile.GroupVersion, PerformanceProfile.KindName, null, ManifestNames.PerformanceProfile),
        new(MachineConfig.GroupVersion, MachineConfig.KindName, null, ManifestNames.CrioMemlockMachineConfig),
        new(MachineConfig.GroupVersion, MachineConfig.KindName, null, ManifestNames.VfioMachineConfig),
        new("v1", V1Namespace.KubeKind, null, ManifestNames.DevicePluginNamespace),
        new("v1", V1ServiceAccount.KubeKind, ManifestNames.DevicePluginNamespace, ManifestNames.DevicePluginServiceAccount),
        new("rbac.authorization.k8s.io/v1", V1ClusterRole.KubeKind, null, ManifestNames.PrivilegedSccClusterRole),
        new("rbac.authorization.k8s.io/v1", V1RoleBinding.KubeKind, ManifestNames.DevicePluginNamespace, ManifestNames.PrivilegedSccRoleBinding),
        new("v1", V1ConfigMap.KubeKind, ManifestNames.DevicePluginNamespace, ManifestNames.DevicePluginConfigMap),
        new("apps/v1", V1DaemonSet.KubeKind, ManifestNames.DevicePluginNamespace, ManifestNames.DevicePluginDaemonSet),
        new("v1", V1Namespace.KubeKind, null, ManifestNames.TestNamespace),
        new("v1", V1Pod.KubeKind, ManifestNames.TestNamespace, ManifestNames.TestpmdPod),
    ];

    public async Task<TeardownOutcome> TeardownAsync(StepContext context, CancellationToken cancellationToken)
    {
        var cluster = context.Lab.Cluster;
        var info = await cluster.GetInfoAsync(cancellationToken).ConfigureAwait(false);
        var deleted = new List<ObjectReference>();
        var reboots = new Dictionary<string, int>(StringComparer.Ordinal);
        var reversed = CreatedObjects.Reverse().ToList();
        var tuning = reversed.Where(IsTuning).ToList();
        foreach (var target in reversed.TakeWhile(t => !IsTuning(t)))
        {
            await DeleteAsync(context, target, deleted, cancellationToken).ConfigureAwait(false);
        }

        if (info.IsOpenShift)
        {
            await RemoveTuningAsync(context, tuning, deleted, reboots, cancellationToken).ConfigureAwait(false);
        }

        foreach (var target in reversed.SkipWhile(t => !IsTuning(t)).Where(t => !IsTuning(t)))
        {
            await DeleteAsync(context, target, deleted, cancellationToken).ConfigureAwait(false);
        }

        context.Log.Info(deleted.Count == 0 ? "Nothing of the run was left on the cluster." : $"Removed {deleted.Count} object(s): {string.Join(", ", deleted)}.");
        return new TeardownOutcome(deleted, reboots);
    }

    private static bool IsTuning(ObjectReference target) => target.Kind is PerformanceProfile.KindName or MachineConfig.KindName;

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
        var before = deleted.Count;
        await cluster.SetPoolPausedAsync(ClusterNames.WorkerPool, paused: true, cancellationToken).ConfigureAwait(false);
        foreach (var target in tuning)
        {
            await DeleteAsync(context, target, deleted, cancellationToken).ConfigureAwait(false);
        }

        await cluster.SetPoolPausedAsync(ClusterNames.WorkerPool, paused: false, cancellationToken).ConfigureAwait(false);
        if (deleted.Count == before)
        {
            return;
        }

        context.Log.Info("Removed the tuning with the worker pool paused; following the one rollout back.");
        await ClusterWait.WithTimeoutAsync(
            async token =>
            {
                await foreach (var progress in cluster.FollowPoolAsync(ClusterNames.WorkerPool, token).ConfigureAwait(false))
                {
                    if (progress.Phase == NodeUpdatePhase.Degraded)
                    {
                        throw new ActionableException(
                            $"The worker pool went Degraded on {progress.Node} while removing the tuning: {progress.Reason}",
                            "Fix the cause (`oc describe mcp worker`), then run the teardown again; what is already removed stays removed.",
                            $"GET machineconfigpools/{ClusterNames.WorkerPool}");
                    }

                    reboots[progress.Node] = progress.RebootCount;
                    context.Log.Info($"{progress.Node}: {progress.Phase.ToString().ToLowerInvariant()} (reboots: {progress.RebootCount})");
                }

                return true;
            },
            "the worker MachineConfigPool to be Updated without the tuning",
            "Look at `oc get mcp worker` and `oc get nodes`.",
            waits.PoolRollout,
            context.Time,
            cancellationToken).ConfigureAwait(false);
    }
}
