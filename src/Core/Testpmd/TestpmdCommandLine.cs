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
    /// testpmd in a worker VM booted from the worker initramfs: <c>-d /usr/lib/dpdk</c> loads every PMD plugin in that
    /// folder, IOVA as VA (non-root, vIOMMU), the main lcore on vCPU 0 and the
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
        string[] port = nullDevice ? ["--no-pci", "--vdev", "net_null0"] : [];
        return
        [
            "-d", WorkerPlugins, .. port,
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

    /// <summary>
    /// The worker initramfs's plugin folder (build-initramfs.sh). Its lean static testpmd has the PMDs built in and the
    /// folder empty (EAL loads nothing from an empty folder, but fails on a missing one); its fallback, Debian's
    /// testpmd, finds the igb VF, null and mempool ring plugins there.
    /// </summary>
    public const string WorkerPlugins = "/usr/lib/dpdk";
}
