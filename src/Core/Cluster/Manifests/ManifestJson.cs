using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace VirtSriov.Core.Cluster.Manifests;

/// <summary>Objects as the API server sees them: the Kubernetes JSON form, for built-in models and the product's CRD records alike.</summary>
public static class ManifestJson
{
    public static JsonObject ToJson(IKubernetesObject<V1ObjectMeta> item) =>
        JsonNode.Parse(KubernetesJson.Serialize(item))?.AsObject()
        ?? throw new InvalidOperationException($"{ObjectReference.Of(item)} serialized to nothing.");

    /// <summary>Plain .NET values (ordered dictionaries, lists, strings, numbers, booleans) for a YAML serializer.</summary>
    public static object? ToPlain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => ToPlain(p.Value)),
        JsonArray a => a.Select(ToPlain).ToList(),
        JsonValue v when v.TryGetValue(out bool b) => b,
        JsonValue v when v.TryGetValue(out long l) => l,
        JsonValue v when v.TryGetValue(out double d) => d,
        JsonValue v => v.ToString(),
        _ => throw new InvalidOperationException($"Unexpected JSON node {node.GetType().Name}."),
    };
}
