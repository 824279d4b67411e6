using VirtSriov.Core.Steps;
using k8s;
using k8s.Models;

namespace VirtSriov.Core.Cluster;

/// <summary>The cluster of a host lab that has no kubeconfig yet: every call says how to add one.</summary>
public sealed class MissingCluster : IClusterClient
{
    public bool IsSimulated => false;

    public Task<ClusterInfo> GetInfoAsync(CancellationToken cancellationToken) => throw Missing();

    public Task<IReadOnlyList<ApplyResult>> ApplyAsync(IReadOnlyList<IKubernetesObject<V1ObjectMeta>> objects, bool dryRun, CancellationToken cancellationToken) =>
        throw Missing();

    public Task<MachineConfigPoolState> GetPoolAsync(string pool, CancellationToken cancellationToken) => throw Missing();

    public Task<bool> SetPoolPausedAsync(string pool, bool paused, CancellationToken cancellationToken) => throw Missing();

    public Task<IReadOnlyList<MachineConfigNodeState>> GetPoolNodesAsync(string pool, CancellationToken cancellationToken) => throw Missing();

    public Task<long> GetAllocatableAsync(string node, string resource, CancellationToken cancellationToken) => throw Missing();

    public Task CreatePodAsync(V1Pod pod, CancellationToken cancellationToken) => throw Missing();

    public Task<PodState?> GetPodStateAsync(string ns, string name, CancellationToken cancellationToken) => throw Missing();

    public IAsyncEnumerable<string> FollowPodLogAsync(string ns, string name, CancellationToken cancellationToken) => throw Missing();

    public Task<bool> DeleteAsync(ObjectReference target, CancellationToken cancellationToken) => throw Missing();

    private static ActionableException Missing() => new(
        "This lab has no kubeconfig, so the cluster cannot be reached.",
        "Upload the cluster's kubeconfig on the Labs page (kcli writes it to ~/.kcli/clusters/<cluster>/auth/kubeconfig).",
        field: "Kubeconfig");
}
