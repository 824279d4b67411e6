using k8s;
using k8s.Models;
using VirtSriov.Core.Cluster;

namespace VirtSriov.Core.Labs.Changes;

/// <summary>The lab's cluster with every apply (not dry-run), pause, pod creation and delete recorded in the change journal.</summary>
internal sealed class JournaledCluster(IClusterClient inner, ChangeRecorder changes) : IClusterClient, IDisposable
{
    public bool IsSimulated => inner.IsSimulated;

    public Task<ClusterInfo> GetInfoAsync(CancellationToken cancellationToken) => inner.GetInfoAsync(cancellationToken);

    public Task<IReadOnlyList<ApplyResult>> ApplyAsync(IReadOnlyList<IKubernetesObject<V1ObjectMeta>> objects, bool dryRun, CancellationToken cancellationToken) =>
        dryRun
            ? inner.ApplyAsync(objects, dryRun, cancellationToken)
            : changes.RecordAsync("apply " + string.Join(", ", objects.Select(ObjectReference.Of)), () => inner.ApplyAsync(objects, dryRun, cancellationToken));

    public Task<MachineConfigPoolState> GetPoolAsync(string pool, CancellationToken cancellationToken) => inner.GetPoolAsync(pool, cancellationToken);

    public Task<bool> SetPoolPausedAsync(string pool, bool paused, CancellationToken cancellationToken) =>
        changes.RecordAsync($"{(paused ? "pause" : "unpause")} machine config pool {pool}", () => inner.SetPoolPausedAsync(pool, paused, cancellationToken));

    public Task<IReadOnlyList<MachineConfigNodeState>> GetPoolNodesAsync(string pool, CancellationToken cancellationToken) => inner.GetPoolNodesAsync(pool, cancellationToken);

    public Task<long> GetAllocatableAsync(string node, string resource, CancellationToken cancellationToken) => inner.GetAllocatableAsync(node, resource, cancellationToken);

    public Task CreatePodAsync(V1Pod pod, CancellationToken cancellationToken) =>
        changes.RecordAsync("create " + ObjectReference.Of(pod), () => inner.CreatePodAsync(pod, cancellationToken));

    public Task<PodState?> GetPodStateAsync(string ns, string name, CancellationToken cancellationToken) => inner.GetPodStateAsync(ns, name, cancellationToken);

    public IAsyncEnumerable<string> FollowPodLogAsync(string ns, string name, CancellationToken cancellationToken) => inner.FollowPodLogAsync(ns, name, cancellationToken);

    public Task<bool> DeleteAsync(ObjectReference target, CancellationToken cancellationToken) =>
        changes.RecordAsync("delete " + target, () => inner.DeleteAsync(target, cancellationToken));

    public void Dispose() => (inner as IDisposable)?.Dispose();
}
