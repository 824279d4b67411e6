namespace VirtSriov.Core.Cluster.Simulation;

/// <summary>
/// Failure modes of the SIMULATED cluster, to exercise the steps' bad-input paths: a plain Kubernetes cluster (no
/// OpenShift APIs at all), an OpenShift without the Node Tuning Operator, a worker pool that goes Degraded, a device
/// plugin that never advertises, an image that cannot be pulled, a pod admitted under the wrong SCC or run as root. <see cref="None"/> is the healthy cluster.
/// </summary>
/// <param name="IsOpenShift">
/// False plays a vanilla Kubernetes cluster (no config.openshift.io, no MachineConfig, no SCC) whose workers the operator
/// tuned by hand as the Node tuning plan describes: they boot with hugepages and vfio-pci on their VFs.
/// </param>
/// <param name="ServesPerformanceProfile">False plays an OpenShift without the Node Tuning Operator's CRD.</param>
/// <param name="PoolDegradedReason">Set: the first node of every rollout goes Degraded with this reason.</param>
/// <param name="DevicePluginAdvertises">False: the device plugin never advertises its resource.</param>
/// <param name="ImagePullFails">True: every pod waits in ImagePullBackOff.</param>
/// <param name="NodesWithoutDaemon">True: the workers carry no Machine Config Daemon annotations (no daemon runs on them).</param>
/// <param name="SriovOperatorInstalled">True: the SR-IOV Network Operator's CRDs are served (an adopted cluster that runs it).</param>
/// <param name="AdmittedScc">
/// Set: OpenShift admits every pod under this SCC whatever it requires, as when a webhook strips
/// <c>openshift.io/required-scc</c> and the creator may use anyuid; a pod not under restricted-v2 runs as the image's root.
/// </param>
/// <param name="ContainerRunsAsRoot">True: containers run as uid 0 whatever the pod asks for (a runtime that ignores the pod's user).</param>
public sealed record SimulatedClusterFaults(
    bool IsOpenShift = true,
    bool ServesPerformanceProfile = true,
    string? PoolDegradedReason = null,
    bool DevicePluginAdvertises = true,
    bool ImagePullFails = false,
    bool NodesWithoutDaemon = false,
    bool SriovOperatorInstalled = false,
    string? AdmittedScc = null,
    bool ContainerRunsAsRoot = false)
{
    public static SimulatedClusterFaults None { get; } = new();
}
