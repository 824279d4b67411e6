using System.Xml.Linq;

namespace VirtSriov.Core.Libvirt;

/// <summary>The host part of <c>virConnectGetCapabilities</c> (<c>virsh capabilities</c>).</summary>
/// <param name="Arch">Host CPU architecture, e.g. <c>x86_64</c>.</param>
/// <param name="IommuSupported">From <c>&lt;iommu support='yes|no'/&gt;</c>; null when libvirt does not say.</param>
/// <param name="NumaCells">The host's NUMA cells; empty when libvirt reports no topology.</param>
public sealed record HostCapabilities(string Arch, bool? IommuSupported, IReadOnlyList<NumaCell> NumaCells)
{
    /// <exception cref="FormatException">No <c>&lt;host&gt;&lt;cpu&gt;&lt;arch&gt;</c>.</exception>
    public static HostCapabilities Parse(string capabilitiesXml)
    {
        var host = XElement.Parse(capabilitiesXml).Element("host") ?? throw new FormatException("The capabilities XML has no <host>.");
        var arch = host.Element("cpu")?.Element("arch")?.Value.Trim() is { Length: > 0 } a ? a : throw new FormatException("The capabilities XML has no <host><cpu><arch>.");
        var cells = host.Element("topology")?.Element("cells")?.Elements("cell")
            .Select(c => new NumaCell(
                (int?)c.Attribute("id") ?? throw new FormatException("A NUMA <cell> has no id."),
                c.Element("cpus")?.Elements("cpu").Select(cpu => (int?)cpu.Attribute("id")).OfType<int>().ToList() ?? []))
            .ToList() ?? [];
        var iommu = (string?)host.Element("iommu")?.Attribute("support");
        return new HostCapabilities(arch, iommu is null ? null : iommu == "yes", cells);
    }
}
