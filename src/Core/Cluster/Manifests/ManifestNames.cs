namespace VirtSriov.Core.Cluster.Manifests;

/// <summary>Names of the objects the product creates.</summary>
public static class ManifestNames
{
    public const string PerformanceProfile = "virtsriov-dpdk";

    /// <summary>The MachineConfig the Node Tuning Operator renders from a PerformanceProfile: <c>50-performance-&lt;profile&gt;</c>.</summary>
    public const string PerformanceProfileMachineConfig = "50-performance-" + PerformanceProfile;

    public const string CrioMemlockMachineConfig = "99-worker-virtsriov-crio-memlock";

    public const string VfioMachineConfig = "99-worker-virtsriov-vfio-pci";

    public const string DevicePluginNamespace = "virtsriov-device-plugin";

    public const string DevicePluginServiceAccount = "sriov-device-plugin";

    /// <summary>Same rule as OpenShift's own <c>system:openshift:scc:privileged</c>, kept by the product so it exists on every 4.x.</summary>
    public const string PrivilegedSccClusterRole = "virtsriov-use-scc-privileged";

    public const string PrivilegedSccRoleBinding = "sriov-device-plugin-scc-privileged";

    /// <summary>The ConfigMap name the device plugin's reference deployment mounts.</summary>
    public const string DevicePluginConfigMap = "sriovdp-config";

    public const string DevicePluginConfigKey = "config.json";

    public const string DevicePluginDaemonSet = "kube-sriov-device-plugin";

    public const string TestNamespace = "virtsriov-dpdk";

    public const string TestpmdPod = "testpmd";

    /// <summary>Pod annotation with the seconds testpmd forwards (read by the simulated cluster to run its testpmd as long).</summary>
    public const string TestpmdSecondsAnnotation = "virtsriov.io/testpmd-seconds";

    /// <summary>The run that started the test pod.</summary>
    public const string RunAnnotation = "virtsriov.io/run";
}
