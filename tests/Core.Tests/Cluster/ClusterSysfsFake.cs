using VirtSriov.Core.Host;

namespace VirtSriov.Core.Tests.Cluster;

/// <summary>PCI devices' vendor and device files, as sysfs shows them (<c>0x8086</c>), and PF netdevs with their speed; read-only.</summary>
internal sealed class ClusterSysfsFake : ISysfs
{
    private readonly Dictionary<string, string> files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> directories = new(StringComparer.Ordinal);

    public bool IsSimulated => true;

    public ClusterSysfsFake WithDevice(string address, string vendor, string device)
    {
        files[$"{SysfsPaths.PciDevices}/{address}/vendor"] = $"0x{vendor}\n";
        files[$"{SysfsPaths.PciDevices}/{address}/device"] = $"0x{device}\n";
        return this;
    }

    /// <summary>A PF with its netdev; <paramref name="speedMbps"/> goes to <c>net/&lt;if&gt;/speed</c> (-1 when the link is down).</summary>
    public ClusterSysfsFake WithPhysicalFunction(string address, string netdev, int speedMbps)
    {
        var dev = $"{SysfsPaths.PciDevices}/{address}";
        files[dev] = "";
        directories[$"{dev}/net"] = [netdev];
        files[$"{dev}/net/{netdev}/speed"] = $"{speedMbps}\n";
        files[$"{dev}/net/{netdev}/operstate"] = speedMbps > 0 ? "up\n" : "down\n";
        return this;
    }

    public bool Exists(string path) => files.ContainsKey(path);

    public string ReadText(string path) => files[path];

    public void WriteText(string path, string value) => throw new NotSupportedException();

    public IReadOnlyList<string> List(string directory) => directories.GetValueOrDefault(directory) ?? [];

    public string? ReadLink(string path) => null;
}
