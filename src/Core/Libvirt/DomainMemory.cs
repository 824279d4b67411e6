using System.Globalization;
using System.Xml.Linq;

namespace VirtSriov.Core.Libvirt;

/// <summary>The memory facts of a domain that decide its memory locking limit.</summary>
/// <param name="MemoryKiB">Guest memory: <c>&lt;memory&gt;</c> plus memory devices (libvirt's <c>virDomainDefGetMemoryTotal</c>).</param>
/// <param name="HardLimitKiB"><c>&lt;memtune&gt;&lt;hard_limit&gt;</c>, or null.</param>
/// <param name="Locked"><c>&lt;memoryBacking&gt;&lt;locked/&gt;</c>.</param>
/// <param name="VfioDevices">VFIO host devices: PCI hostdevs on the vfio backend and mediated devices.</param>
/// <param name="HasViommu">An <c>&lt;iommu&gt;</c> device is present.</param>
public sealed record DomainMemory(long MemoryKiB, long? HardLimitKiB, bool Locked, int VfioDevices, bool HasViommu)
{
    public static DomainMemory FromXml(XElement domain)
    {
        var devices = domain.Element("devices");
        var memoryDevices = devices?.Elements("memory").Select(m => m.Element("target")?.Element("size")).OfType<XElement>().Sum(ToKiB) ?? 0;
        var hardLimit = domain.Element("memtune")?.Element("hard_limit");
        return new DomainMemory(
            (domain.Element("memory") is { } memory ? ToKiB(memory) : 0) + memoryDevices,
            hardLimit is null ? null : ToKiB(hardLimit),
            domain.Element("memoryBacking")?.Element("locked") is not null,
            devices?.Elements("hostdev").Count(IsVfio) ?? 0,
            devices?.Element("iommu") is not null);
    }

    /// <summary>A libvirt scaled integer (<c>unit</c> attribute, KiB by default) in KiB.</summary>
    public static long ToKiB(XElement element)
    {
        var value = decimal.Parse(element.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
        var factor = ((string?)element.Attribute("unit") ?? "KiB") switch
        {
            "b" or "bytes" => 1m / 1024,
            "KB" => 1000m / 1024,
            "k" or "KiB" => 1m,
            "MB" => 1_000_000m / 1024,
            "M" or "MiB" => 1024m,
            "GB" => 1_000_000_000m / 1024,
            "G" or "GiB" => 1024m * 1024,
            "TB" => 1_000_000_000_000m / 1024,
            "T" or "TiB" => 1024m * 1024 * 1024,
            var unit => throw new FormatException($"Unknown memory unit '{unit}' in <{element.Name}>."),
        };
        return (long)decimal.Ceiling(value * factor);
    }

    private static bool IsVfio(XElement hostdev) =>
        (string?)hostdev.Attribute("mode") is null or "subsystem"
        && ((string?)hostdev.Attribute("type") == "mdev"
            || ((string?)hostdev.Attribute("type") == "pci" && (string?)hostdev.Element("driver")?.Attribute("name") is null or "vfio"));
}
