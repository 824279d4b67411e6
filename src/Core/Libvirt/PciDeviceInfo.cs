using System.Xml;
using System.Xml.Linq;
using VirtSriov.Core.Host;

namespace VirtSriov.Core.Libvirt;

/// <summary>A PCI host device as libvirt describes it (<c>virsh nodedev-dumpxml pci_0000_3b_02_0</c>).</summary>
/// <param name="Name">libvirt's device name, e.g. <c>pci_0000_3b_02_0</c>.</param>
/// <param name="Address">PCI address, e.g. <c>0000:3b:02.0</c>.</param>
/// <param name="VendorId">Vendor id without <c>0x</c>, e.g. <c>8086</c>.</param>
/// <param name="ProductId">Product (device) id without <c>0x</c>, e.g. <c>154c</c>.</param>
/// <param name="Driver">The bound host driver (<c>vfio-pci</c>, <c>iavf</c>…), or null when unbound or not reported.</param>
/// <param name="IommuGroup">IOMMU group number, or null without an IOMMU.</param>
/// <param name="NumaNode">NUMA node, or null when the host reports none.</param>
/// <param name="PhysicalFunction">For an SR-IOV VF, the address of its PF (<c>capability type='phys_function'</c>); else null.</param>
/// <param name="VirtualFunctions">For an SR-IOV PF, the addresses of its current VFs; else empty.</param>
public sealed record PciDeviceInfo(
    string Name,
    string Address,
    string VendorId,
    string ProductId,
    string? Driver,
    int? IommuGroup,
    int? NumaNode,
    string? PhysicalFunction,
    IReadOnlyList<string> VirtualFunctions)
{
    public bool IsVirtualFunction => PhysicalFunction is not null;

    /// <summary>Parses a node device XML with a <c>capability type='pci'</c>.</summary>
    /// <exception cref="FormatException">Not well-formed, or not a PCI device.</exception>
    public static PciDeviceInfo Parse(string nodeDeviceXml)
    {
        XElement device;
        try
        {
            device = XElement.Parse(nodeDeviceXml);
        }
        catch (XmlException e)
        {
            throw new FormatException($"The node device XML is not well-formed: {e.Message}", e);
        }

        var name = device.Element("name")?.Value ?? "(unnamed)";
        var pci = device.Elements("capability").FirstOrDefault(c => (string?)c.Attribute("type") == "pci")
            ?? throw new FormatException($"Node device '{name}' is not a PCI device (no <capability type='pci'>).");
        var address = new PciAddress(Number(pci, "domain", name), Number(pci, "bus", name), Number(pci, "slot", name), Number(pci, "function", name));
        var nested = pci.Elements("capability").ToList();
        return new PciDeviceInfo(
            name,
            address.ToString(),
            Id(pci.Element("vendor")),
            Id(pci.Element("product")),
            device.Element("driver")?.Element("name")?.Value,
            (int?)pci.Element("iommuGroup")?.Attribute("number"),
            (int?)pci.Element("numa")?.Attribute("node") is { } node && node >= 0 ? node : null,
            nested.Where(c => (string?)c.Attribute("type") == "phys_function").Elements("address").Select(Format).FirstOrDefault(),
            nested.Where(c => (string?)c.Attribute("type") == "virt_functions").Elements("address").Select(Format).OfType<string>().ToList());
    }

    private static int Number(XElement pci, string element, string name)
    {
        var text = pci.Element(element)?.Value.Trim() ?? throw new FormatException($"Node device '{name}' has no <{element}> in its PCI capability.");
        return PciAddressXml.ParseNumber(text) ?? throw new FormatException($"Node device '{name}' has a non-numeric <{element}>: '{text}'.");
    }

    private static string Id(XElement? element) =>
        ((string?)element?.Attribute("id") ?? "").Replace("0x", "", StringComparison.OrdinalIgnoreCase);

    private static string? Format(XElement address) => PciAddressXml.FromXml(address)?.ToString();
}
