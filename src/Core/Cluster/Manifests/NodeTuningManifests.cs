using System.Globalization;
using VirtSriov.Core.Steps;
using k8s.Models;

namespace VirtSriov.Core.Cluster.Manifests;

/// <summary>The worker tuning of the recipe: one PerformanceProfile and two MachineConfigs, all for the worker pool.</summary>
public static class NodeTuningManifests
{
    /// <summary>CPUs kept for the OS and kubelet; the rest are isolated for DPDK.</summary>
    private const int ReservedCpus = 2;

    /// <summary>
    /// Hugepages, the vIOMMU in passthrough mode, and iavf kept off the VFs: <c>module_blacklist=</c> stops the kernel
    /// from loading iavf at all (also from the initramfs), so vfio-pci gets the VFs at boot.
    /// </summary>
    public static IReadOnlyList<string> KernelArguments { get; } = ["intel_iommu=on", "iommu=pt", "module_blacklist=iavf"];

    public static PerformanceProfile PerformanceProfile(RunSettings settings, int workerCpus)
    {
        if (workerCpus < ReservedCpus + 2)
        {
            throw new ActionableException(
                $"The workers have {workerCpus} CPUs; the PerformanceProfile needs at least {ReservedCpus + 2} ({ReservedCpus} reserved, 2 for testpmd).",
                "Give the worker VMs more vCPUs (kcli numcpus) and re-run the Cluster step.");
        }

        Hugepages.EnsureSupported(settings.HugepageSize);
        return new PerformanceProfile
        {
            Metadata = new V1ObjectMeta { Name = ManifestNames.PerformanceProfile },
            Spec = new PerformanceProfileSpec
            {
                Cpu = new PerformanceProfileCpu
                {
                    Reserved = CpuRange(0, ReservedCpus - 1),
                    Isolated = CpuRange(ReservedCpus, workerCpus - 1),
                },
                Hugepages = new PerformanceProfileHugepages
                {
                    DefaultHugepagesSize = settings.HugepageSize,
                    Pages = [new PerformanceProfileHugepage { Size = settings.HugepageSize, Count = settings.HugepageCount }],
                },
                AdditionalKernelArgs = KernelArguments,
                NodeSelector = new Dictionary<string, string> { [ClusterNames.WorkerRoleLabel] = "" },
                MachineConfigPoolSelector = new Dictionary<string, string> { ["pools.operator.machineconfiguration.openshift.io/worker"] = "" },
            },
        };
    }

    /// <summary>
    /// Kubernetes has no field for ulimits and IPC_LOCK alone does not lift RLIMIT_MEMLOCK, so CRI-O's default
    /// is raised for every container on the workers (Red Hat solution 6243491).
    /// </summary>
    public static MachineConfig CrioMemlock() =>
        WorkerMachineConfig(
            ManifestNames.CrioMemlockMachineConfig,
            IgnitionFile.WithText("/etc/crio/crio.conf.d/99-memlock", "[crio.runtime]\ndefault_ulimits = [\"memlock=-1:-1\"]\n"));

    /// <summary>vfio-pci claims the VFs by id at boot and is loaded early.</summary>
    public static MachineConfig VfioPci(IReadOnlyList<PciDeviceId> vfDevices)
    {
        if (vfDevices.Count == 0)
        {
            throw new ActionableException(
                "No VF is attached to the worker VMs, so there are no device ids for vfio-pci.",
                "Apply the Worker VMs step first; it passes the VFs through to the workers.");
        }

        return WorkerMachineConfig(
            ManifestNames.VfioMachineConfig,
            IgnitionFile.WithText("/etc/modprobe.d/vfio.conf", $"options vfio-pci ids={string.Join(',', vfDevices)}\n"),
            IgnitionFile.WithText("/etc/modules-load.d/vfio-pci.conf", "vfio-pci\n"));
    }

    private static MachineConfig WorkerMachineConfig(string name, params IReadOnlyList<IgnitionFile> files) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            Labels = new Dictionary<string, string> { [ClusterNames.MachineConfigRoleLabel] = ClusterNames.WorkerPool },
        },
        Spec = new MachineConfigSpec { Config = new IgnitionConfig { Storage = new IgnitionStorage { Files = files } } },
    };

    private static string CpuRange(int first, int last) =>
        first == last ? first.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{first}-{last}");
}
