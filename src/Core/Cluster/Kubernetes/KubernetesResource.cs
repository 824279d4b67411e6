using VirtSriov.Core.Cluster.Manifests;
using VirtSriov.Core.Steps;
using k8s.Models;

namespace VirtSriov.Core.Cluster.Kubernetes;

/// <summary>Where a kind lives in the API: group (empty for core), version, plural and whether it is namespaced.</summary>
internal sealed record KubernetesResource(string Group, string Version, string Plural, bool Namespaced)
{
    private static readonly Dictionary<string, KubernetesResource> ByKind = new(StringComparer.Ordinal)
    {
        [V1Namespace.KubeKind] = new("", "v1", "namespaces", false),
        [V1ServiceAccount.KubeKind] = new("", "v1", "serviceaccounts", true),
        [V1ConfigMap.KubeKind] = new("", "v1", "configmaps", true),
        [V1Pod.KubeKind] = new("", "v1", "pods", true),
        [V1ClusterRole.KubeKind] = new("rbac.authorization.k8s.io", "v1", "clusterroles", false),
        [V1RoleBinding.KubeKind] = new("rbac.authorization.k8s.io", "v1", "rolebindings", true),
        [V1DaemonSet.KubeKind] = new("apps", "v1", "daemonsets", true),
        [PerformanceProfile.KindName] = new("performance.openshift.io", "v2", "performanceprofiles", false),
        [MachineConfig.KindName] = new("machineconfiguration.openshift.io", "v1", "machineconfigs", false),
    };

    public bool IsCore => Group.Length == 0;

    public static KubernetesResource For(ObjectReference target) =>
        ByKind.TryGetValue(target.Kind, out var resource)
            ? resource
            : throw new ActionableException(
                $"The product does not know where {target.Kind} lives in the API.",
                "Add the kind to KubernetesResource.",
                $"apply {target}");

    public string PathOf(ObjectReference target) =>
        (IsCore ? "/api/v1" : $"/apis/{Group}/{Version}")
        + (Namespaced ? $"/namespaces/{target.Namespace}" : "")
        + $"/{Plural}/{target.Name}";
}
