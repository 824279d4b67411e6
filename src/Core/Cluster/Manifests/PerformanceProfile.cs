using k8s;
using k8s.Models;

namespace VirtSriov.Core.Cluster.Manifests;

/// <summary>A Node Tuning Operator PerformanceProfile (<c>performance.openshift.io/v2</c>, cluster-scoped).</summary>
public sealed record PerformanceProfile : IKubernetesObject<V1ObjectMeta>
{
    public const string GroupVersion = "performance.openshift.io/v2";

    public const string KindName = "PerformanceProfile";

    public string ApiVersion { get; set; } = GroupVersion;

    public string Kind { get; set; } = KindName;

    public V1ObjectMeta Metadata { get; set; } = new();

    public PerformanceProfileSpec Spec { get; set; } = new();
}
