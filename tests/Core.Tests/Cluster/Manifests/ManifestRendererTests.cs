using System.Text.Json.Nodes;
using VirtSriov.Core.Cluster;
using VirtSriov.Core.Cluster.Manifests;
using VirtSriov.Core.Steps;
using Xunit;
using k8s;
using k8s.Models;

namespace VirtSriov.Core.Tests.Cluster.Manifests;

public sealed class ManifestRendererTests
{
    private static readonly ManifestSet Lab = ManifestSet.Create(new RunSettings(), new ManifestInputs([new("8086", "154c")], 8));

    public static TheoryData<string> BuiltInObjects => new(["namespace", "serviceaccount", "clusterrole", "rolebinding", "configmap", "daemonset", "pod"]);

    [Theory]
    [MemberData(nameof(BuiltInObjects))]
    public void Render_BuiltInObject_RoundTripsThroughKubernetesYaml(string which)
    {
        var (item, yaml, back) = which switch
        {
            "namespace" => RoundTrip(Lab.DevicePluginNamespace),
            "serviceaccount" => RoundTrip(Lab.DevicePluginServiceAccount),
            "clusterrole" => RoundTrip(Lab.PrivilegedSccRole),
            "rolebinding" => RoundTrip(Lab.PrivilegedSccBinding),
            "configmap" => RoundTrip(Lab.DevicePluginConfigMap),
            "daemonset" => RoundTrip(Lab.DevicePluginDaemonSet),
            "pod" => RoundTrip(Lab.TestpmdPod),
            _ => throw new ArgumentOutOfRangeException(nameof(which)),
        };

        Assert.True(JsonNode.DeepEquals(ManifestJson.ToJson(item), ManifestJson.ToJson(back)), yaml);
    }

    [Fact]
    public void Render_Records_ParseBackToTheirKubernetesJson()
    {
        foreach (var item in Lab.NodeTuning)
        {
            var yaml = ManifestRenderer.Render(item);

            Assert.True(JsonNode.DeepEquals(ManifestJson.ToJson(item), ReferenceSchemas.YamlToJson(yaml)), yaml);
        }
    }

    [Theory]
    [InlineData("it's")]
    [InlineData("a: b")]
    [InlineData("#not-a-comment")]
    [InlineData("x #y")]
    [InlineData("true")]
    [InlineData("4.18")]
    [InlineData("- item")]
    [InlineData("")]
    public void Render_AwkwardStrings_AreQuotedSafely(string text)
    {
        var configMap = new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = V1ConfigMap.KubeKind,
            Metadata = new V1ObjectMeta { Name = "awkward", NamespaceProperty = "ns", Labels = new Dictionary<string, string> { ["note"] = text } },
            Data = new Dictionary<string, string> { [text.Length == 0 ? "empty" : text] = text },
        };
        var machineConfig = new MachineConfig { Metadata = new V1ObjectMeta { Name = "awkward", Annotations = new Dictionary<string, string> { ["note"] = text } } };

        var builtIn = ReferenceSchemas.YamlToJson(ManifestRenderer.Render(configMap));
        var record = ReferenceSchemas.YamlToJson(ManifestRenderer.Render(machineConfig));

        Assert.Equal(text, (string?)builtIn["metadata"]!["labels"]!["note"]);
        Assert.Equal(text, (string?)builtIn["data"]![text.Length == 0 ? "empty" : text]);
        Assert.Equal(text, (string?)record["metadata"]!["annotations"]!["note"]);
    }

    [Fact]
    public void RenderAll_SeveralObjects_IsOneDocumentPerObject()
    {
        var yaml = ManifestRenderer.RenderAll(Lab.DevicePlugin);

        var documents = new YamlDotNet.RepresentationModel.YamlStream();
        documents.Load(new StringReader(yaml));
        Assert.Equal(
            Lab.DevicePlugin.Select(o => o.Kind),
            documents.Documents.Select(d => ((YamlDotNet.RepresentationModel.YamlScalarNode)((YamlDotNet.RepresentationModel.YamlMappingNode)d.RootNode)["kind"]).Value));
    }

    private static (IKubernetesObject<V1ObjectMeta> Item, string Yaml, IKubernetesObject<V1ObjectMeta> Back) RoundTrip<T>(T item)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        var yaml = ManifestRenderer.Render(item);
        return (item, yaml, KubernetesYaml.Deserialize<T>(yaml, strict: true));
    }
}
