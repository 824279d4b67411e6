using VirtSriov.Core.Host;

namespace VirtSriov.Core.Tests.Libvirt;

/// <summary>
/// A tiny in-test sysfs: one X710-like PF whose VFs (virtfnN → 0000:3b:02.N) are bound to a chosen driver, on a host
/// with two NUMA nodes (node0: CPUs 0-7, node1: CPUs 8-15); the PF's <c>numa_node</c> is given (-1: none).
/// </summary>
internal sealed class FakeVfSysfs(string pfAddress, int vfCount, string driver = "vfio-pci", int pfNumaNode = -1) : ISysfs
{
    private const string Nodes = "/sys/devices/system/node";

    private string Pf => $"{SysfsPaths.PciDevices}/{pfAddress}";

    public bool IsSimulated => true;

    public static string VfAddress(int index) => $"0000:3b:{2 + (index / 8):x2}.{index % 8}";

    public bool Exists(string path) =>
        path.EndsWith("/vendor", StringComparison.Ordinal) || path.EndsWith("/device", StringComparison.Ordinal)
        || path == $"{Pf}/numa_node" || path is $"{Nodes}/node0/cpulist" or $"{Nodes}/node1/cpulist";

    public string ReadText(string path) => path switch
    {
        _ when path.EndsWith("/vendor", StringComparison.Ordinal) => "0x8086\n",
        _ when path.EndsWith("/device", StringComparison.Ordinal) => "0x154c\n",
        _ when path.EndsWith("/numa_node", StringComparison.Ordinal) => $"{pfNumaNode}\n",
        $"{Nodes}/node0/cpulist" => "0-7\n",
        $"{Nodes}/node1/cpulist" => "8-15\n",
        _ => throw new FileNotFoundException(path),
    };

    public void WriteText(string path, string value) => throw new SysfsWriteException(path, value, "EACCES", "read-only fake");

    public IReadOnlyList<string> List(string directory) => directory switch
    {
        _ when directory == Pf => [.. Enumerable.Range(0, vfCount).Select(i => $"virtfn{i}"), "sriov_numvfs", "numa_node"],
        Nodes => ["node0", "node1", "possible", "online"],
        _ => [],
    };

    public string? ReadLink(string path)
    {
        if (path.StartsWith(Pf + "/virtfn", StringComparison.Ordinal))
        {
            return "../" + VfAddress(int.Parse(path[(Pf.Length + 7)..], System.Globalization.CultureInfo.InvariantCulture));
        }

        return path.EndsWith("/driver", StringComparison.Ordinal) ? $"../../../../bus/pci/drivers/{driver}" : null;
    }
}
