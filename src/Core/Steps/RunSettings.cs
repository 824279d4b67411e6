using VirtSriov.Core.Libvirt;

namespace VirtSriov.Core.Steps;

/// <summary>What the operator chose in the wizard. Immutable; stored with the run so a resumed run plans the same.</summary>
public sealed record RunSettings
{
    /// <summary>Which steps the run has (<see cref="RunProfile.Full"/> for runs stored before profiles existed).</summary>
    public RunProfile RunProfile { get; init; } = RunProfile.Full;

    /// <summary>PCI address of the SR-IOV physical function, e.g. <c>0000:3b:00.0</c>.</summary>
    public string PfAddress { get; init; } = "";

    /// <summary>How many VFs to create on the PF (0..sriov_totalvfs).</summary>
    public int VfCount { get; init; } = 4;

    /// <summary>
    /// First three octets of the MACs set on the VFs through the PF (<c>ip link set dev &lt;pf&gt; vf N mac …</c>); the
    /// other three are the PF's bus, its device/function and the VF index, e.g. <c>02:76:73:3b:00:05</c>. Locally
    /// administered and unicast by default; empty leaves the MACs to the driver.
    /// </summary>
    public string VfMacPrefix { get; init; } = "02:76:73";

    /// <summary>Trusted VFs (<c>trust on</c>): the guest may change its MAC and enter promiscuous/multicast modes (DPDK needs it).</summary>
    public bool VfTrust { get; init; } = true;

    /// <summary>MAC spoof checking on the VFs (<c>spoofchk</c>); off so that a DPDK guest may send with other source MACs.</summary>
    public bool VfSpoofCheck { get; init; }

    /// <summary>Port VLAN (1..4094) the PF tags the VFs' traffic with; null for none (untagged, <c>vlan 0</c>).</summary>
    public int? VfVlan { get; init; }

    /// <summary>
    /// Libvirt domain names of the worker VMs that get VFs: the cluster's workers in the Full profile, the domains the
    /// operator picks from the hypervisor in <see cref="RunProfile.HypervisorOnly"/>.
    /// </summary>
    public IReadOnlyList<string> Workers { get; init; } = ["virtsriov-worker-0", "virtsriov-worker-1"];

    /// <summary>VFs passed through to each worker; the DPDK test pod uses two of one worker (sender and receiver).</summary>
    public int VfsPerWorker { get; init; } = 2;

    /// <summary>OpenShift cluster name (DNS label).</summary>
    public string ClusterName { get; init; } = "virtsriov";

    /// <summary>Resource prefix of the device plugin, e.g. <c>openshift.io</c>.</summary>
    public string ResourcePrefix { get; init; } = "openshift.io";

    /// <summary>Resource name of the device plugin, e.g. <c>intelnics</c> (letters, digits, underscore).</summary>
    public string ResourceName { get; init; } = "intelnics";

    /// <summary>Hugepage size for the PerformanceProfile: <c>1G</c> or <c>2M</c>.</summary>
    public string HugepageSize { get; init; } = "1G";

    /// <summary>Hugepages per worker node.</summary>
    public int HugepageCount { get; init; } = 4;

    /// <summary>Image of the SR-IOV network device plugin DaemonSet.</summary>
    public string DevicePluginImage { get; init; } = "ghcr.io/k8snetworkplumbingwg/sriov-network-device-plugin:v3.9.0";

    /// <summary>Image that contains <c>dpdk-testpmd</c>.</summary>
    public string TestpmdImage { get; init; } = "quay.io/openshift-kni/dpdk:latest";

    /// <summary>How long the DPDK test forwards traffic.</summary>
    public int TestpmdSeconds { get; init; } = 15;

    // Worker VMs step: VF placement and the consent to force workers off.

    /// <summary>How the Worker VMs step places VFs on workers without an override (round-robin or by the PF's NUMA node).</summary>
    public VfPlacementMode VfPlacement { get; init; } = VfPlacementMode.RoundRobin;

    /// <summary>
    /// Explicit VF addresses per worker name (e.g. <c>virtsriov-worker-0</c> → <c>0000:3b:02.0</c>); those workers get
    /// exactly these VFs and the others are placed by <see cref="VfPlacement"/>. Empty by default.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> VfOverrides { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>
    /// A lab's ceiling on worker RAM in MiB (null: none). The emulated lab needs it: its packaged QEMU (10.0.2) registers
    /// the emulated igb VFs' BARs as 32-bit, so they must stay below 4 GiB, which holds only while a q35 guest's RAM
    /// stays below the low-memory split (no 64-bit PCI window above RAM); fixed upstream in QEMU 10.1.2.
    /// </summary>
    public int? MaxWorkerMemoryMiB { get; init; }

    /// <summary>
    /// The operator's consent to destroy (<c>virsh destroy</c>) a worker that does not shut down gracefully within the
    /// timeout; without it such a worker is left running and the step fails.
    /// </summary>
    public bool ForceOffWorkers { get; init; }

    /// <summary>
    /// Cluster step: true deploys the cluster with <c>kcli create kube openshift</c> on the hypervisor (and stores the
    /// kubeconfig kcli wrote); false adopts the cluster of the lab's uploaded kubeconfig.
    /// </summary>
    public bool DeployClusterWithKcli { get; init; }

    /// <summary>
    /// Virtual functions step: install a boot unit (virtsriov-vfs.service) that recreates the VFs and their vfio
    /// binding after a host reboot, before libvirt starts the workers. Off for throw-away hosts (the emulated lab).
    /// </summary>
    public bool PersistAcrossReboot { get; init; } = true;

    /// <summary>
    /// The operator's explicit opt-in for a host or worker without an IOMMU: vfio's <c>enable_unsafe_noiommu_mode</c>
    /// (no DMA isolation; DPDK then needs <c>--iova-mode=pa</c> and root or CAP_SYS_RAWIO). Off by default; labelled
    /// "UNSAFE: no IOMMU isolation" wherever it shows. Refused on a machine that has an IOMMU.
    /// </summary>
    public bool UnsafeNoIommu { get; init; }

    /// <summary>Full Kubernetes resource name, e.g. <c>openshift.io/intelnics</c>.</summary>
    public string FullResourceName => $"{ResourcePrefix}/{ResourceName}";
}
