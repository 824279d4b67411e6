using System.Globalization;
using System.Xml.Linq;
using VirtSriov.Core.Host;

namespace VirtSriov.Core.Libvirt;

/// <summary>A <see cref="PciAddress"/> as libvirt's XML writes it: <c>&lt;address domain='0x0000' bus='0x3b' slot='0x02' function='0x0'/&gt;</c>.</summary>
public static class PciAddressXml
{
    /// <summary>Reads an <c>&lt;address&gt;</c> element (a missing attribute counts as 0); null when a part is not a number or out of range.</summary>
    public static PciAddress? FromXml(XElement address)
    {
        ArgumentNullException.ThrowIfNull(address);
        int? Read(string name) => ParseNumber((string?)address.Attribute(name) ?? "0");
        return Read("domain") is { } domain and <= 0xffff
            && Read("bus") is { } bus and <= 0xff
            && Read("slot") is { } slot and <= 0x1f
            && Read("function") is { } function and <= 7
                ? new PciAddress(domain, bus, slot, function)
                : null;
    }

    public static XElement ToXml(PciAddress address) =>
        new(
            "address",
            new XAttribute("domain", string.Create(CultureInfo.InvariantCulture, $"0x{address.Domain:x4}")),
            new XAttribute("bus", string.Create(CultureInfo.InvariantCulture, $"0x{address.Bus:x2}")),
            new XAttribute("slot", string.Create(CultureInfo.InvariantCulture, $"0x{address.Device:x2}")),
            new XAttribute("function", string.Create(CultureInfo.InvariantCulture, $"0x{address.Function:x1}")));

    /// <summary>A non-negative number as libvirt writes one: <c>0x</c>-prefixed hex or decimal; null otherwise.</summary>
    public static int? ParseNumber(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var isHex = trimmed.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        return int.TryParse(isHex ? trimmed[2..] : trimmed, isHex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            && value >= 0 // hex parsing reads 0xfffffffb as -5
            ? value
            : null;
    }
}
