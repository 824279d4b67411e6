using System.Text.Json;
using VirtSriov.Core.Kcli;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tests.Cluster;

namespace VirtSriov.Core.Tests.Kcli;

public sealed class KcliParametersTests
{
    /// <summary>kcli's documented parameter names, from kcli_default.yml (see the file for its source).</summary>
    private static readonly HashSet<string> Documented = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Kcli", "Data", "kcli-documented-parameters.txt"))
        .Where(l => l.Length > 0 && !l.StartsWith('#'))
        .ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void ToYaml_RunSettings_WritesTheRecipesParameters()
    {
        var parameters = KcliParameters.For(new RunSettings { ClusterName = "lab1", Workers = ["w0", "w1", "w2"] });

        var yaml = ReferenceSchemas.YamlToJson(parameters.ToYaml()).AsObject();

        Assert.Equal(
            ["cluster", "version", "tag", "ctlplanes", "workers", "numcpus", "memory", "disk_size", "network", "uefi", "iommu", "pull_secret"],
            yaml.Select(p => p.Key));
        Assert.Equal("lab1", (string?)yaml["cluster"]);
        Assert.Equal(3L, (long?)yaml["workers"]);
        Assert.True((bool?)yaml["uefi"]);
        Assert.True((bool?)yaml["iommu"]);
    }

    [Fact]
    public void ToYaml_EveryOptionSet_UsesOnlyKcliDocumentedNames()
    {
        var parameters = new KcliParameters { Domain = "lab.example", ApiIp = "192.168.122.250", IngressIp = "192.168.122.251" };

        var keys = ReferenceSchemas.YamlToJson(parameters.ToYaml()).AsObject().Select(p => p.Key).ToList();

        Assert.Contains("api_ip", keys);
        Assert.Contains("ingress_ip", keys);
        Assert.Contains("domain", keys);
        Assert.DoesNotContain(keys, k => !Documented.Contains(k));
    }

    [Fact]
    public void ToYaml_NumericLookingTag_StaysAString()
    {
        var yaml = ReferenceSchemas.YamlToJson(new KcliParameters { Tag = "4.18" }.ToYaml());

        Assert.Equal(JsonValueKind.String, yaml["tag"]!.GetValueKind());
        Assert.Equal("4.18", (string?)yaml["tag"]);
    }
}
