using System.Globalization;
using System.Xml.Linq;

namespace VirtSriov.Core.Libvirt;

/// <summary>Reads the PCI hostdevs (passed-through host devices) of a libvirt domain XML.</summary>
public static class DomainHostdevs
{
    /// <summary>Host PCI addresses (<c>0000:3b:02.0</c>) of every <c>&lt;hostdev type='pci'&gt;</c>, in document order.</summary>
    public static IReadOnlyList<string> PciAddresses(string domainXml) =>
        XDocument.Parse(domainXml)
            .Descendants("devices").Elements("hostdev")
            .Where(h => (string?)h.Attribute("type") == "pci")
            .Select(h => h.Element("source")?.Element("address"))
            .OfType<XElement>()
            .Select(FormatAddress)
            .ToList();

    private static string FormatAddress(XElement address) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{Hex(address, "domain", 4)}:{Hex(address, "bus", 2)}:{Hex(address, "slot", 2)}.{Hex(address, "function", 1)}");

    private static string Hex(XElement address, string name, int width)
    {
        var text = ((string?)address.Attribute(name) ?? "0").Replace("0x", "", StringComparison.OrdinalIgnoreCase);
        return int.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture).ToString("x" + width.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}
