using System.Text.Json;
using VirtSriov.Core.Kcli;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Tests.Cluster;
using Xunit;

namespace VirtSriov.Core.Tests.Kcli;

public sealed class KcliParametersTests
{
    [Fact]
    public void ToYaml_RunSettings_WritesKcliParameterNames()
    {
        var parameters = KcliParameters.For(new RunSettings { ClusterName = "lab1", Workers = ["w0", "w1", "w2"] });

        var yaml = ReferenceSchemas.YamlToJson(parameters.ToYaml()).AsObject();

        Assert.Equal(
            ["cluster", "version", "tag", "ctlplanes", "workers", "numcpus", "memory", "disk_size", "uefi", "iommu", "pull_secret", "api_ip"],
            yaml.Select(p => p.Key));
        Assert.Equal("lab1", (string?)yaml["cluster"]);
        Assert.Equal(3L, (long?)yaml["workers"]);
        Assert.True((bool?)yaml["uefi"]);
        Assert.True((bool?)yaml["iommu"]);
    }

    [Fact]
    public void ToYaml_NumericLookingTag_StaysAString()
    {
        var yaml = ReferenceSchemas.YamlToJson(new KcliParameters { Tag = "4.18" }.ToYaml());

        Assert.Equal(JsonValueKind.String, yaml["tag"]!.GetValueKind());
        Assert.Equal("4.18", (string?)yaml["tag"]);
    }
}
