using VirtSriov.Core.Host;

namespace VirtSriov.Core.Tests.Cluster;

/// <summary>PCI devices' vendor and device files, as sysfs shows them (<c>0x8086</c>); read-only.</summary>
internal sealed class ClusterSysfsFake : ISysfs
{
    private readonly Dictionary<string, string> files = new(StringComparer.Ordinal);

    public bool IsSimulated => true;

    public ClusterSysfsFake WithDevice(string address, string vendor, string device)
    {
        files[$"{SriovInventory.PciDevices}/{address}/vendor"] = $"0x{vendor}\n";
        files[$"{SriovInventory.PciDevices}/{address}/device"] = $"0x{device}\n";
        return this;
    }

    public bool Exists(string path) => files.ContainsKey(path);

    public string ReadText(string path) => files[path];

    public void WriteText(string path, string value) => throw new NotSupportedException();

    public IReadOnlyList<string> List(string directory) => [];

    public string? ReadLink(string path) => null;
}
