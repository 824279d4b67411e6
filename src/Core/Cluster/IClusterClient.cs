using k8s;
using k8s.Models;

namespace VirtSriov.Core.Cluster;

/// <summary>The cluster seam: a real API server through a kubeconfig, or the simulated cluster.</summary>
public interface IClusterClient
{
    bool IsSimulated { get; }

    /// <summary>Version, flavour, nodes (roles, capacity, allocatable) and which of the CRDs the recipe needs are served.</summary>
    Task<ClusterInfo> GetInfoAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Server-side apply of every object with field manager <see cref="ClusterNames.FieldManager"/>, in order.
    /// Each result says whether the object changed; with <paramref name="dryRun"/> nothing is stored and the
    /// results say what a real apply would change.
    /// </summary>
    Task<IReadOnlyList<ApplyResult>> ApplyAsync(IReadOnlyList<IKubernetesObject<V1ObjectMeta>> objects, bool dryRun, CancellationToken cancellationToken);

    /// <summary>The MachineConfigPool (e.g. <c>worker</c>): paused, updated, machine counts, rendered config and its sources.</summary>
    Task<MachineConfigPoolState> GetPoolAsync(string pool, CancellationToken cancellationToken);

    /// <summary>Pauses or unpauses a MachineConfigPool; returns true when that changed its state.</summary>
    Task<bool> SetPoolPausedAsync(string pool, bool paused, CancellationToken cancellationToken);

    /// <summary>The pool's nodes (its node selector) with their Machine Config Daemon annotations and boot ids.</summary>
    Task<IReadOnlyList<MachineConfigNodeState>> GetPoolNodesAsync(string pool, CancellationToken cancellationToken);

    /// <summary>Allocatable quantity of <paramref name="resource"/> on a node (e.g. <c>openshift.io/intelnics</c> → 1), 0 when absent.</summary>
    Task<long> GetAllocatableAsync(string node, string resource, CancellationToken cancellationToken);

    Task CreatePodAsync(V1Pod pod, CancellationToken cancellationToken);

    /// <summary>
    /// The pod's phase (<c>Pending</c>, <c>Running</c>, <c>Succeeded</c>, <c>Failed</c>) and why its container waits,
    /// or null when there is no such pod.
    /// </summary>
    Task<PodState?> GetPodStateAsync(string ns, string name, CancellationToken cancellationToken);

    /// <summary>
    /// The container's log lines as they come, until the container ends or the token is cancelled. A dropped
    /// connection is resumed where it stopped: no line is lost or repeated.
    /// </summary>
    IAsyncEnumerable<string> FollowPodLogAsync(string ns, string name, CancellationToken cancellationToken);

    /// <summary>Deletes an object; returns false when it did not exist.</summary>
    Task<bool> DeleteAsync(ObjectReference target, CancellationToken cancellationToken);
}
