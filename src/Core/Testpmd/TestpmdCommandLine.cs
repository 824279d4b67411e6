using System.Globalization;

namespace VirtSriov.Core.Testpmd;

/// <summary>Builds testpmd argument lists (never a shell line).</summary>
public static class TestpmdCommandLine
{
    /// <summary>
    /// testpmd on two DPDK null devices without hugepages, forwarding from the start and printing statistics every
    /// <paramref name="statsPeriodSeconds"/>, in the DPDK test pod's mode: mac forwarding between the two ports with a
    /// first burst of 64-byte packets. <c>--total-num-mbufs</c> is lowered because the default pool does not
    /// always fit in <c>--no-huge</c> memory; <c>--no-shconf</c> leaves no shared files behind.
    /// </summary>
    public static IReadOnlyList<string> ForNullDevices(string filePrefix, int statsPeriodSeconds = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(filePrefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(statsPeriodSeconds, 1);
        return
        [
            "--no-huge", "-m", "1024", "--no-pci", "--no-shconf",
            "--vdev", "net_null0", "--vdev", "net_null1",
            "--file-prefix=" + filePrefix,
            "--",
            "--auto-start",
            "--stats-period", statsPeriodSeconds.ToString(CultureInfo.InvariantCulture),
            "--total-num-mbufs=8192",
            "--forward-mode=mac", "--tx-first", "--txpkts=64",
            "--eth-peer=0,02:00:00:00:00:01", "--eth-peer=1,02:00:00:00:00:00",
        ];
    }

    /// <summary>
    /// testpmd in a worker VM booted from the worker initramfs: the PMD plugins loaded one by one from its
    /// /usr/lib/dpdk (no plugin folder is scanned), IOVA as VA (non-root, vIOMMU), the main lcore on vCPU 0 and the
    /// forwarding lcore on the last vCPU (the same one on a one-vCPU worker), in mac forwarding to
    /// <paramref name="peerMac"/> after a first burst. The port is the VF, found by the PCI bus among the devices the
    /// initramfs bound to vfio-pci (it binds every NIC, and loads no NIC driver), or with <paramref name="nullDevice"/>
    /// a DPDK null device (the dev loop without a VF: simulated traffic).
    /// </summary>
    public static IReadOnlyList<string> ForWorker(string filePrefix, bool nullDevice, string peerMac, int vcpus, int packetBytes, int statsPeriodSeconds = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(filePrefix);
        ArgumentException.ThrowIfNullOrWhiteSpace(peerMac);
        ArgumentOutOfRangeException.ThrowIfLessThan(vcpus, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(statsPeriodSeconds, 1);
        string[] port = nullDevice
            ? ["-d", WorkerPlugins + "librte_net_null.so", "--no-pci", "--vdev", "net_null0"]
            : ["-d", WorkerPlugins + "librte_net_e1000.so"];
        return
        [
            "-d", WorkerPlugins + "librte_mempool_ring.so", .. port,
            "--lcores=0@0,1@" + (vcpus - 1).ToString(CultureInfo.InvariantCulture),
            "--iova-mode=va", "--file-prefix=" + filePrefix,
            "--",
            "--auto-start",
            "--stats-period", statsPeriodSeconds.ToString(CultureInfo.InvariantCulture),
            "--total-num-mbufs=8192",
            "--forward-mode=mac", "--tx-first", "--txpkts=" + packetBytes.ToString(CultureInfo.InvariantCulture),
            "--eth-peer=0," + peerMac,
        ];
    }

    /// <summary>Where the worker initramfs keeps the PMD plugins (build-initramfs.sh).</summary>
    private const string WorkerPlugins = "/usr/lib/dpdk/";
}
