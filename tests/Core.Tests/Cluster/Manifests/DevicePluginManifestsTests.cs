using System.Text.Json.Nodes;
using VirtSriov.Core.Cluster;
using VirtSriov.Core.Cluster.Manifests;
using VirtSriov.Core.Steps;
using Xunit;

namespace VirtSriov.Core.Tests.Cluster.Manifests;

public sealed class DevicePluginManifestsTests
{
    [Fact]
    public void ConfigMap_X710AndE810Vfs_HasTheReferenceConfigShape()
    {
        ReferenceSchemas.SkipUnlessPresent();
        var reference = ReferenceConfig();
        var referenceKeys = reference["resourceList"]!.AsArray().SelectMany(r => r!.AsObject().Select(p => p.Key)).ToHashSet();
        var referenceSelectorKeys = reference["resourceList"]!.AsArray().SelectMany(r => r!["selectors"]!.AsObject().Select(p => p.Key)).ToHashSet();
        var settings = new RunSettings();

        var configMap = DevicePluginManifests.ConfigMap(DevicePluginManifests.Config(settings, [new("8086", "154c"), new("8086", "1889"), new("8086", "154c")]));
        var config = JsonNode.Parse(configMap.Data[ManifestNames.DevicePluginConfigKey])!;

        Assert.Equal(ManifestNames.DevicePluginConfigMap, configMap.Metadata.Name);
        var resource = Assert.Single(config["resourceList"]!.AsArray())!;
        Assert.Subset(referenceKeys.Append("resourcePrefix").ToHashSet(), resource.AsObject().Select(p => p.Key).ToHashSet());
        Assert.Subset(referenceSelectorKeys, resource["selectors"]!.AsObject().Select(p => p.Key).ToHashSet());
        Assert.Equal("intelnics", (string?)resource["resourceName"]);
        Assert.Equal("openshift.io", (string?)resource["resourcePrefix"]);
        Assert.Equal(["8086"], Strings(resource["selectors"]!["vendors"]));
        Assert.Equal(["154c", "1889"], Strings(resource["selectors"]!["devices"]));
        Assert.Equal(["vfio-pci"], Strings(resource["selectors"]!["drivers"]));
    }

    [Theory]
    [InlineData("openshift.io/intelnics", "PCIDEVICE_OPENSHIFT_IO_INTELNICS")]
    [InlineData("intel.com/sriov", "PCIDEVICE_INTEL_COM_SRIOV")]
    [InlineData("intel.com/dpdk_nic_1", "PCIDEVICE_INTEL_COM_DPDK_NIC_1")]
    public void PciDeviceVariable_ResourceName_FollowsTheDevicePluginRule(string resource, string expected)
    {
        Assert.Equal(expected, DevicePluginEnvironment.PciDeviceVariable(resource));
    }

    [Fact]
    public void DaemonSet_ReferenceShape_IsPrivilegedWithHostPathsAndTheConfigImage()
    {
        var settings = new RunSettings { DevicePluginImage = "registry.example/sriov-dp:v1" };

        var daemonSet = DevicePluginManifests.DaemonSet(settings);
        var pod = daemonSet.Spec.Template.Spec;
        var container = Assert.Single(pod.Containers);

        Assert.Equal("registry.example/sriov-dp:v1", container.Image);
        Assert.True(container.SecurityContext.Privileged);
        Assert.Equal(ManifestNames.DevicePluginServiceAccount, pod.ServiceAccountName);
        Assert.Equal(
            ["/var/lib/kubelet/device-plugins", "/var/lib/kubelet/plugins_registry", "/var/log", "/var/run/k8s.cni.cncf.io/devinfo/dp"],
            pod.Volumes.Where(v => v.HostPath is not null).Select(v => v.HostPath.Path));
        Assert.Equal(ManifestNames.DevicePluginConfigMap, pod.Volumes.Single(v => v.ConfigMap is not null).ConfigMap.Name);
        Assert.Equal("/etc/pcidp", container.VolumeMounts.Single(m => m.Name == "config-volume").MountPath);
    }

    [Fact]
    public void PrivilegedSccBinding_ServiceAccount_MayUseThePrivilegedScc()
    {
        var role = DevicePluginManifests.PrivilegedSccRole();
        var binding = DevicePluginManifests.PrivilegedSccBinding();

        var rule = Assert.Single(role.Rules);
        Assert.Equal(["use"], rule.Verbs);
        Assert.Equal([ClusterNames.PrivilegedScc], rule.ResourceNames);
        Assert.Equal(["securitycontextconstraints"], rule.Resources);
        Assert.Equal(role.Metadata.Name, binding.RoleRef.Name);
        var subject = Assert.Single(binding.Subjects);
        Assert.Equal((ManifestNames.DevicePluginServiceAccount, ManifestNames.DevicePluginNamespace), (subject.Name, subject.NamespaceProperty));
    }

    private static JsonNode ReferenceConfig()
    {
        var configMap = ReferenceSchemas.YamlToJson(File.ReadAllText(Path.Combine(ReferenceSchemas.Folder, "sriov-dp", "configMap.yaml")));
        return JsonNode.Parse((string)configMap["data"]!["config.json"]!)!;
    }

    private static List<string?> Strings(JsonNode? array) => array!.AsArray().Select(a => (string?)a).ToList();
}
