using k8s;
using k8s.Models;

namespace VirtSriov.Core.Cluster.Manifests;

/// <summary>A Machine Config Operator MachineConfig (<c>machineconfiguration.openshift.io/v1</c>, cluster-scoped).</summary>
public sealed record MachineConfig : IKubernetesObject<V1ObjectMeta>
{
    public const string GroupVersion = "machineconfiguration.openshift.io/v1";

    public const string KindName = "MachineConfig";

    public string ApiVersion { get; set; } = GroupVersion;

    public string Kind { get; set; } = KindName;

    public V1ObjectMeta Metadata { get; set; } = new();

    public MachineConfigSpec Spec { get; set; } = new();
}
