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
}
