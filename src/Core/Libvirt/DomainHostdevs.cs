using System.Xml.Linq;
using VirtSriov.Core.Host;

namespace VirtSriov.Core.Libvirt;

/// <summary>Reads the PCI hostdevs (passed-through host devices) of a libvirt domain XML.</summary>
public static class DomainHostdevs
{
    /// <summary>Host PCI addresses (<c>0000:3b:02.0</c>) of every <c>&lt;hostdev type='pci'&gt;</c>, in document order.</summary>
    public static IReadOnlyList<string> PciAddresses(string domainXml) =>
        Pci(XDocument.Parse(domainXml).Root?.Element("devices")).Select(h => h.Address.ToString()).ToList();

    /// <summary>Each <c>&lt;hostdev type='pci'&gt;</c> under <paramref name="devices"/> with a readable source address, in document order.</summary>
    public static IEnumerable<(XElement Hostdev, PciAddress Address)> Pci(XElement? devices) =>
        (devices?.Elements("hostdev") ?? [])
            .Where(h => (string?)h.Attribute("type") == "pci")
            .Select(h => (Hostdev: h, Address: h.Element("source")?.Element("address") is { } a ? PciAddressXml.FromXml(a) : null))
            .Where(h => h.Address is not null)
            .Select(h => (h.Hostdev, h.Address!.Value));
}
