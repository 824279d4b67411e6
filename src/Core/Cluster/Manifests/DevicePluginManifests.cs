using System.Text.Json;
using VirtSriov.Core.Steps;
using k8s.Models;

namespace VirtSriov.Core.Cluster.Manifests;

/// <summary>
/// The SR-IOV network device plugin, shaped like its reference deployment (deployments/ in
/// k8snetworkplumbingwg/sriov-network-device-plugin): namespace, service account allowed to use the
/// privileged SCC, the <c>sriovdp-config</c> ConfigMap and the DaemonSet, here on the workers only.
/// </summary>
public static class DevicePluginManifests
{
    private static readonly JsonSerializerOptions ConfigJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static V1Namespace Namespace() => new()
    {
        ApiVersion = "v1",
        Kind = V1Namespace.KubeKind,
        Metadata = new V1ObjectMeta { Name = ManifestNames.DevicePluginNamespace },
    };

    public static V1ServiceAccount ServiceAccount() => new()
    {
        ApiVersion = "v1",
        Kind = V1ServiceAccount.KubeKind,
        Metadata = Meta(ManifestNames.DevicePluginServiceAccount),
    };

    /// <summary>The right to <c>use</c> the privileged SCC, the rule of <c>oc adm policy add-scc-to-user privileged</c>.</summary>
    public static V1ClusterRole PrivilegedSccRole() => new()
    {
        ApiVersion = "rbac.authorization.k8s.io/v1",
        Kind = V1ClusterRole.KubeKind,
        Metadata = new V1ObjectMeta { Name = ManifestNames.PrivilegedSccClusterRole },
        Rules =
        [
            new V1PolicyRule
            {
                ApiGroups = ["security.openshift.io"],
                Resources = ["securitycontextconstraints"],
                ResourceNames = [ClusterNames.PrivilegedScc],
                Verbs = ["use"],
            },
        ],
    };

    public static V1RoleBinding PrivilegedSccBinding() => new()
    {
        ApiVersion = "rbac.authorization.k8s.io/v1",
        Kind = V1RoleBinding.KubeKind,
        Metadata = Meta(ManifestNames.PrivilegedSccRoleBinding),
        RoleRef = new V1RoleRef
        {
            ApiGroup = "rbac.authorization.k8s.io",
            Kind = V1ClusterRole.KubeKind,
            Name = ManifestNames.PrivilegedSccClusterRole,
        },
        Subjects =
        [
            new Rbacv1Subject
            {
                Kind = "ServiceAccount",
                Name = ManifestNames.DevicePluginServiceAccount,
                NamespaceProperty = ManifestNames.DevicePluginNamespace,
            },
        ],
    };

    /// <summary>One resource pool: every VF id attached to the workers, bound to vfio-pci inside the worker.</summary>
    public static DevicePluginConfig Config(RunSettings settings, IReadOnlyList<PciDeviceId> vfDevices) =>
        new(
        [
            new DevicePluginResource(
                settings.ResourceName,
                settings.ResourcePrefix,
                new DevicePluginSelectors(
                    vfDevices.Select(d => d.VendorId).Distinct(StringComparer.Ordinal).ToList(),
                    vfDevices.Select(d => d.DeviceId).Distinct(StringComparer.Ordinal).ToList(),
                    ["vfio-pci"])),
        ]);

    public static V1ConfigMap ConfigMap(DevicePluginConfig config) => new()
    {
        ApiVersion = "v1",
        Kind = V1ConfigMap.KubeKind,
        Metadata = Meta(ManifestNames.DevicePluginConfigMap),
        Data = new Dictionary<string, string> { [ManifestNames.DevicePluginConfigKey] = JsonSerializer.Serialize(config, ConfigJson) + "\n" },
    };

    public static DevicePluginConfig? ReadConfig(V1ConfigMap configMap) =>
        configMap.Data?.TryGetValue(ManifestNames.DevicePluginConfigKey, out var json) == true
            ? JsonSerializer.Deserialize<DevicePluginConfig>(json, ConfigJson)
            : null;

    public static V1DaemonSet DaemonSet(RunSettings settings)
    {
        var labels = new Dictionary<string, string> { ["name"] = "sriov-device-plugin", ["tier"] = "node", ["app"] = "sriovdp" };
        return new V1DaemonSet
        {
            ApiVersion = "apps/v1",
            Kind = V1DaemonSet.KubeKind,
            Metadata = Meta(ManifestNames.DevicePluginDaemonSet, new Dictionary<string, string> { ["tier"] = "node", ["app"] = "sriovdp" }),
            Spec = new V1DaemonSetSpec
            {
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["name"] = "sriov-device-plugin" } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec
                    {
                        HostNetwork = true,
                        ServiceAccountName = ManifestNames.DevicePluginServiceAccount,
                        NodeSelector = new Dictionary<string, string> { [ClusterNames.WorkerRoleLabel] = "" },
                        Containers = [Container(settings.DevicePluginImage)],
                        Volumes =
                        [
                            HostPath("devicesock", "/var/lib/kubelet/device-plugins"),
                            HostPath("plugins-registry", "/var/lib/kubelet/plugins_registry"),
                            HostPath("log", "/var/log"),
                            HostPath("device-info", "/var/run/k8s.cni.cncf.io/devinfo/dp", "DirectoryOrCreate"),
                            new V1Volume
                            {
                                Name = "config-volume",
                                ConfigMap = new V1ConfigMapVolumeSource
                                {
                                    Name = ManifestNames.DevicePluginConfigMap,
                                    Items = [new V1KeyToPath { Key = ManifestNames.DevicePluginConfigKey, Path = ManifestNames.DevicePluginConfigKey }],
                                },
                            },
                        ],
                    },
                },
            },
        };
    }

    private static V1Container Container(string image) => new()
    {
        Name = "kube-sriovdp",
        Image = image,
        ImagePullPolicy = "IfNotPresent",
        Args = ["--log-dir=sriovdp", "--log-level=10"],
        SecurityContext = new V1SecurityContext { Privileged = true },
        Resources = new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("250m"), ["memory"] = new("40Mi") },
            Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1"), ["memory"] = new("200Mi") },
        },
        VolumeMounts =
        [
            new V1VolumeMount { Name = "devicesock", MountPath = "/var/lib/kubelet/device-plugins", ReadOnlyProperty = false },
            new V1VolumeMount { Name = "plugins-registry", MountPath = "/var/lib/kubelet/plugins_registry", ReadOnlyProperty = false },
            new V1VolumeMount { Name = "log", MountPath = "/var/log" },
            new V1VolumeMount { Name = "config-volume", MountPath = "/etc/pcidp" },
            new V1VolumeMount { Name = "device-info", MountPath = "/var/run/k8s.cni.cncf.io/devinfo/dp" },
        ],
    };

    private static V1Volume HostPath(string name, string path, string? type = null) =>
        new() { Name = name, HostPath = new V1HostPathVolumeSource { Path = path, Type = type } };

    private static V1ObjectMeta Meta(string name, IDictionary<string, string>? labels = null) =>
        new() { Name = name, NamespaceProperty = ManifestNames.DevicePluginNamespace, Labels = labels };
}
