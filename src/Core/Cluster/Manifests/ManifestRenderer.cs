using VirtSriov.Core.Steps;
using YamlDotNet.Serialization;
using k8s;
using k8s.Models;

namespace VirtSriov.Core.Cluster.Manifests;

/// <summary>
/// Renders objects as YAML: Kubernetes models through <see cref="KubernetesYaml"/>, the product's CRD records through
/// YamlDotNet over their Kubernetes JSON form. Strings that YAML would read as something else (<c>''</c>, <c>true</c>,
/// <c>a: b</c>, <c>#x</c>, quotes) are quoted.
/// </summary>
public static class ManifestRenderer
{
    private static readonly ISerializer RecordYaml = new SerializerBuilder()
        .WithQuotingNecessaryStrings()
        .DisableAliases()
        .Build();

    public static string Render(IKubernetesObject<V1ObjectMeta> item) =>
        IsKubernetesModel(item) ? KubernetesYaml.Serialize(item) : RecordYaml.Serialize(ManifestJson.ToPlain(ManifestJson.ToJson(item)));

    /// <summary>Several objects as one multi-document YAML file.</summary>
    public static string RenderAll(IEnumerable<IKubernetesObject<V1ObjectMeta>> items) =>
        string.Join("---\n", items.Select(i => EndWithNewline(Render(i))));

    public static PlanArtifact Artifact(string fileName, params IEnumerable<IKubernetesObject<V1ObjectMeta>> items) =>
        new(fileName, "yaml", RenderAll(items));

    private static bool IsKubernetesModel(object item) => item.GetType().Namespace == typeof(V1Pod).Namespace;

    private static string EndWithNewline(string text) => text.EndsWith('\n') ? text : text + "\n";
}
