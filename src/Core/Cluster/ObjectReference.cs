using k8s;
using k8s.Models;

namespace VirtSriov.Core.Cluster;

/// <summary>Identifies one object: apiVersion, kind, namespace (null for cluster-scoped) and name.</summary>
public sealed record ObjectReference(string ApiVersion, string Kind, string? Namespace, string Name)
{
    public static ObjectReference Of(IKubernetesObject<V1ObjectMeta> item) =>
        new(item.ApiVersion, item.Kind, item.Metadata.NamespaceProperty, item.Metadata.Name);

    public override string ToString() => Namespace is null ? $"{Kind}/{Name}" : $"{Kind}/{Namespace}/{Name}";
}
