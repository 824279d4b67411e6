using System.Text;
using System.Text.Json.Nodes;
using VirtSriov.Core.Cluster;
using VirtSriov.Core.Cluster.Manifests;
using VirtSriov.Core.Steps;
using Xunit;

namespace VirtSriov.Core.Tests.Cluster.Manifests;

public sealed class ManifestSchemaTests
{
    private static readonly IReadOnlyList<PciDeviceId> X710Vf = [new("8086", "154c")];

    [Theory]
    [InlineData("1G", 4)]
    [InlineData("2M", 1024)]
    public void PerformanceProfile_Rendered_ValidatesAgainstCrdV2(string size, int count)
    {
        ReferenceSchemas.SkipUnlessPresent();
        var schema = ReferenceSchemas.Crd("performance.openshift.io_performanceprofiles.yaml", "v2");
        var profile = NodeTuningManifests.PerformanceProfile(new RunSettings { HugepageSize = size, HugepageCount = count }, workerCpus: 8);

        var rendered = ReferenceSchemas.YamlToJson(ManifestRenderer.Render(profile));

        ReferenceSchemas.AssertValid(schema, rendered);
        Assert.Equal("performance.openshift.io/v2", (string?)rendered["apiVersion"]);
        Assert.Equal("", (string?)rendered["spec"]!["nodeSelector"]![ClusterNames.WorkerRoleLabel]);
        Assert.Equal(["intel_iommu=on", "iommu=pt", "module_blacklist=iavf"], rendered["spec"]!["additionalKernelArgs"]!.AsArray().Select(a => (string?)a));
        Assert.Equal(count, (long?)rendered["spec"]!["hugepages"]!["pages"]![0]!["count"]);
    }

    [Fact]
    public void CrdSchema_UnknownField_IsRefused()
    {
        ReferenceSchemas.SkipUnlessPresent();
        var schema = ReferenceSchemas.Crd("performance.openshift.io_performanceprofiles.yaml", "v2");
        var rendered = ReferenceSchemas.YamlToJson(ManifestRenderer.Render(NodeTuningManifests.PerformanceProfile(new RunSettings(), 8)));
        rendered["spec"]!["hugepages"]!["defaultHugepageSize"] = "1G";

        Assert.False(ReferenceSchemas.IsValid(schema, rendered));
    }

    [Fact]
    public void MachineConfigs_Rendered_ValidateAgainstCrdAndIgnition32()
    {
        ReferenceSchemas.SkipUnlessPresent();
        var crd = ReferenceSchemas.Crd("machineconfiguration.openshift.io_machineconfigs.yaml", "v1");
        var ignition = ReferenceSchemas.Ignition("ignition-v3.2.schema.json");

        foreach (var config in new[] { NodeTuningManifests.CrioMemlock(), NodeTuningManifests.VfioPci(X710Vf) })
        {
            var rendered = ReferenceSchemas.YamlToJson(ManifestRenderer.Render(config));

            ReferenceSchemas.AssertValid(crd, rendered);
            ReferenceSchemas.AssertValid(ignition, rendered["spec"]!["config"]!);
            Assert.Equal("3.2.0", (string?)rendered["spec"]!["config"]!["ignition"]!["version"]);
            Assert.Equal("worker", (string?)rendered["metadata"]!["labels"]![ClusterNames.MachineConfigRoleLabel]);
        }
    }

    [Fact]
    public void IgnitionSchema_MisspelledFileField_IsRefused()
    {
        ReferenceSchemas.SkipUnlessPresent();
        var ignition = ReferenceSchemas.Ignition("ignition-v3.2.schema.json");
        var config = ReferenceSchemas.YamlToJson(ManifestRenderer.Render(NodeTuningManifests.CrioMemlock()))["spec"]!["config"]!;
        config["storage"]!["files"]![0]!["contents"]!["sorce"] = "data:,x";

        Assert.False(ReferenceSchemas.IsValid(ignition, config));
    }

    [Fact]
    public void CrioMemlock_FileContents_AreTheDropInWithMode0644()
    {
        var file = NodeTuningManifests.CrioMemlock().Spec.Config.Storage.Files.Single();

        Assert.Equal("/etc/crio/crio.conf.d/99-memlock", file.Path);
        Assert.Equal(Convert.ToInt32("644", 8), file.Mode);
        Assert.Equal("[crio.runtime]\ndefault_ulimits = [\"memlock=-1:-1\"]\n", DataUrlText(file.Contents.Source));
    }

    [Fact]
    public void VfioPci_TwoDeviceIds_WritesModprobeOptionsAndModulesLoad()
    {
        var files = NodeTuningManifests.VfioPci([new("8086", "154c"), new("8086", "1889")]).Spec.Config.Storage.Files;

        Assert.Equal("options vfio-pci ids=8086:154c,8086:1889\n", DataUrlText(files.Single(f => f.Path == "/etc/modprobe.d/vfio.conf").Contents.Source));
        Assert.Equal("vfio-pci\n", DataUrlText(files.Single(f => f.Path == "/etc/modules-load.d/vfio-pci.conf").Contents.Source));
    }

    [Fact]
    public void VfioPci_NoVfAttached_ThrowsActionable()
    {
        var error = Assert.Throws<ActionableException>(() => NodeTuningManifests.VfioPci([]));

        Assert.Contains("Worker VMs", error.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(8, "0-1", "2-7")]
    [InlineData(4, "0-1", "2-3")]
    public void PerformanceProfile_WorkerCpus_ReservesTwoAndIsolatesTheRest(int cpus, string reserved, string isolated)
    {
        var profile = NodeTuningManifests.PerformanceProfile(new RunSettings(), cpus);

        Assert.Equal(reserved, profile.Spec.Cpu.Reserved);
        Assert.Equal(isolated, profile.Spec.Cpu.Isolated);
    }

    [Fact]
    public void PerformanceProfile_TooFewCpus_ThrowsActionable()
    {
        Assert.Throws<ActionableException>(() => NodeTuningManifests.PerformanceProfile(new RunSettings(), 3));
    }

    private static string DataUrlText(string source)
    {
        const string prefix = "data:text/plain;charset=utf-8;base64,";
        Assert.StartsWith(prefix, source, StringComparison.Ordinal);
        return Encoding.UTF8.GetString(Convert.FromBase64String(source[prefix.Length..]));
    }
}
