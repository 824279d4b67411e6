using VirtSriov.Core.Steps;
using k8s;
using k8s.Models;

namespace VirtSriov.Core.Cluster.Manifests;

/// <summary>Every object the recipe puts on a lab's cluster, built from the run settings and the attached VFs.</summary>
public sealed record ManifestSet(
    PerformanceProfile PerformanceProfile,
    MachineConfig CrioMemlock,
    MachineConfig VfioPci,
    V1Namespace DevicePluginNamespace,
    V1ServiceAccount DevicePluginServiceAccount,
    V1ClusterRole PrivilegedSccRole,
    V1RoleBinding PrivilegedSccBinding,
    V1ConfigMap DevicePluginConfigMap,
    V1DaemonSet DevicePluginDaemonSet,
    V1Namespace TestNamespace,
    V1Pod TestpmdPod)
{
    /// <summary>Node tuning, applied together in one paused pool rollout.</summary>
    public IReadOnlyList<IKubernetesObject<V1ObjectMeta>> NodeTuning => [PerformanceProfile, CrioMemlock, VfioPci];

    /// <summary>The device plugin, in dependency order.</summary>
    public IReadOnlyList<IKubernetesObject<V1ObjectMeta>> DevicePlugin =>
        [DevicePluginNamespace, DevicePluginServiceAccount, PrivilegedSccRole, PrivilegedSccBinding, DevicePluginConfigMap, DevicePluginDaemonSet];

    public static ManifestSet Create(RunSettings settings, ManifestInputs inputs) =>
        new(
            NodeTuningManifests.PerformanceProfile(settings, inputs.WorkerCpus),
            NodeTuningManifests.CrioMemlock(),
            NodeTuningManifests.VfioPci(inputs.VfDevices),
            DevicePluginManifests.Namespace(),
            DevicePluginManifests.ServiceAccount(),
            DevicePluginManifests.PrivilegedSccRole(),
            DevicePluginManifests.PrivilegedSccBinding(),
            DevicePluginManifests.ConfigMap(DevicePluginManifests.Config(settings, inputs.VfDevices)),
            DevicePluginManifests.DaemonSet(settings),
            TestpmdPodManifest.Namespace(),
            TestpmdPodManifest.Pod(settings, openShift: true));
}
