namespace VirtSriov.Core.Testpmd;

/// <summary>
/// Known EAL and testpmd startup failures, recognised by the text DPDK (22.11) prints, each with an explanation and a fix.
/// </summary>
public static class TestpmdFailureCatalog
{
    /// <summary>Code of the catch-all entry for an EAL that did not start; it only counts when no specific entry matched.</summary>
    public const string EalInitFailedCode = "EalInitFailed";

    private static readonly Rule[] Rules =
    [
        new(
            "HugepagesUnavailable",
            ["Cannot get hugepage information"],
            "The EAL found no usable hugepages: none are reserved, hugetlbfs is not mounted, or the pod requested none.",
            "Reserve hugepages on the node (PerformanceProfile spec.hugepages or the hugepages= kernel argument), request hugepages-1Gi/2Mi in the pod with an emptyDir medium: HugePages volume; for a quick test without hugepages pass --no-huge -m 1024."),
        new(
            "NoHugepagesFree",
            ["No free", "hugepages reported on node"],
            "The node's hugepages of that size are all in use, or none are on this NUMA node.",
            "Free or add hugepages on the NUMA node of the VF (check /sys/devices/system/node/node*/hugepages), or lower -m/--socket-mem."),
        new(
            "NoProbedDevices",
            ["No probed ethernet devices"],
            "testpmd found no port: no VF was passed with -a/--allow, or the VF is not bound to vfio-pci inside the worker.",
            "Pass the VF from the PCIDEVICE_OPENSHIFT_IO_<RESOURCE> environment variable with -a, check the VF is bound to vfio-pci on the node and that the device plugin allocated it to the pod."),
        new(
            "InvalidDevice",
            ["parse device"],
            "A device argument (-a PCI address or --vdev) names a device or driver the EAL does not know.",
            "Check the -a/--vdev value: PCI addresses look like 0000:00:13.0 and must come from the pod's PCIDEVICE_* variable; vdev drivers need their DPDK driver package installed."),
        new(
            "MbufPoolFailed",
            ["mbuf pool", "fail"],
            "testpmd could not create its packet buffer pool in the memory it has.",
            "Request more hugepages (or -m) or lower --total-num-mbufs, e.g. --total-num-mbufs=8192."),
        new(
            "MemlockOrMemory",
            ["Cannot allocate memory"],
            "DPDK could not pin or allocate memory: the memlock limit (RLIMIT_MEMLOCK) is too low or the hugepages are too few.",
            "Raise the memlock limit of the container: on OpenShift the Node tuning step's MachineConfig writes the CRI-O drop-in /etc/crio/crio.conf.d/ with default_ulimits = [\"memlock=-1:-1\"] (a ContainerRuntimeConfig has no ulimit field); elsewhere set the container runtime's memlock ulimit. Then request enough hugepages."),
        new(
            "VfioGroupNotViable",
            ["VFIO group is not viable"],
            "Other devices share the VF's IOMMU group and are not bound to vfio-pci.",
            "Bind every device of the IOMMU group to vfio-pci, or give the worker VM a vIOMMU (intel-iommu with caching-mode=on) so each VF gets its own group."),
        new(
            "VfioPermissionDenied",
            ["vfio", "Permission denied"],
            "The process may not open /dev/vfio: unprivileged testpmd needs the group device owned by or shared with its user.",
            "Let the SR-IOV device plugin mount /dev/vfio/<group> into the pod (resource with vfio devices), run with --iova-mode=va, and check the group number did not change after a reboot (recreate the pod)."),
        new(
            "VfioBusy",
            ["vfio", "busy"],
            "The VF's VFIO group is already open in another process or pod.",
            "Stop the other testpmd or pod using the VF, or request a different VF from the device plugin."),
        new(
            "VfioUnavailable",
            ["VFIO container"],
            "The VFIO container (/dev/vfio/vfio) cannot be opened in this environment.",
            "Load vfio-pci on the node, enable the IOMMU (intel_iommu=on) and make sure the device plugin mounts /dev/vfio/vfio into the pod."),
        new(
            "VfioGroupOpenFailed",
            ["Failed to open VFIO group"],
            "The EAL could not open the VF's /dev/vfio/<group> device.",
            "Check the VF is bound to vfio-pci and that /dev/vfio/<group> exists in the pod; group numbers change after a node reboot, so recreate the pod."),
        new(
            "IovaModePa",
            ["Cannot use IOVA as 'PA'"],
            "Physical addresses are not visible to this (unprivileged) process, so IOVA mode PA cannot work.",
            "Run testpmd with --iova-mode=va."),
        new(
            "FilePrefixInUse",
            ["Is another primary process running"],
            "Another DPDK primary process uses the same runtime directory (--file-prefix).",
            "Give each testpmd its own --file-prefix, or stop the other process."),
        new(
            EalInitFailedCode,
            ["Cannot init EAL"],
            "The DPDK EAL did not start; the EAL lines before this one say why.",
            "Read the EAL: lines above this one; check hugepages, device arguments and VFIO access in the pod."),
    ];

    /// <summary>The failure a line shows, or null for an ordinary line.</summary>
    public static TestpmdFailure? Match(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        foreach (var rule in Rules)
        {
            if (rule.Matches(line))
            {
                return new TestpmdFailure(rule.Code, line.Trim(), rule.Explanation, rule.Fix);
            }
        }

        return null;
    }

    private sealed record Rule(string Code, string[] Needles, string Explanation, string Fix)
    {
        public bool Matches(string line)
        {
            foreach (var needle in Needles)
            {
                if (!line.Contains(needle, StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
