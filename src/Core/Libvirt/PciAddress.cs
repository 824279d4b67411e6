using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace VirtSriov.Core.Libvirt;

/// <summary>A host PCI address, <c>domain:bus:slot.function</c> (e.g. <c>0000:3b:02.0</c>).</summary>
public readonly partial record struct PciAddress(int Domain, int Bus, int Slot, int Function)
{
    public static bool TryParse(string? text, out PciAddress address)
    {
        var match = text is null ? Match.Empty : Pattern().Match(text);
        address = match.Success
            ? new PciAddress(Hex(match.Groups[1].Value), Hex(match.Groups[2].Value), Hex(match.Groups[3].Value), Hex(match.Groups[4].Value))
            : default;
        return match.Success && address.Slot <= 0x1f;
    }

    /// <summary>Reads <c>&lt;address domain='0x0000' bus='0x3b' slot='0x02' function='0x0'/&gt;</c>; null when an attribute is not a number.</summary>
    public static PciAddress? FromXml(XElement address)
    {
        int? Read(string name)
        {
            var text = ((string?)address.Attribute(name) ?? "0").Trim();
            var isHex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
            return int.TryParse(isHex ? text[2..] : text, isHex ? NumberStyles.HexNumber : NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                ? value
                : null;
        }

        return Read("domain") is { } d && Read("bus") is { } b && Read("slot") is { } s && Read("function") is { } f
            ? new PciAddress(d, b, s, f)
            : null;
    }

    public XElement ToXml() =>
        new(
            "address",
            new XAttribute("domain", string.Create(CultureInfo.InvariantCulture, $"0x{Domain:x4}")),
            new XAttribute("bus", string.Create(CultureInfo.InvariantCulture, $"0x{Bus:x2}")),
            new XAttribute("slot", string.Create(CultureInfo.InvariantCulture, $"0x{Slot:x2}")),
            new XAttribute("function", string.Create(CultureInfo.InvariantCulture, $"0x{Function:x1}")));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Domain:x4}:{Bus:x2}:{Slot:x2}.{Function:x1}");

    private static int Hex(string text) => int.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    [GeneratedRegex("^([0-9a-fA-F]{4}):([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\\.([0-7])$")]
    private static partial Regex Pattern();
}
