using System.Xml.Linq;

namespace VirtSriov.Core.Libvirt;

/// <summary>What the hypervisor's emulator offers a new domain (<c>virConnectGetDomainCapabilities</c>, <c>virsh domcapabilities</c>).</summary>
/// <param name="Emulator">The emulator binary, e.g. <c>/usr/bin/qemu-system-x86_64</c>.</param>
/// <param name="Machine">The machine type the answer is for, e.g. <c>pc-q35-8.2</c>.</param>
/// <param name="Arch">Guest architecture.</param>
/// <param name="IntelIommu">
/// Whether an Intel vIOMMU (<c>&lt;iommu model='intel'&gt;</c>) is offered; null when libvirt is too old to report
/// iommu models in domain capabilities (then only starting the domain tells).
/// </param>
/// <param name="FirmwareAutoselect">Firmware types libvirt can pick by itself (<c>&lt;os&gt;&lt;enum name='firmware'&gt;</c>, e.g. <c>efi</c>).</param>
/// <param name="LoaderFiles">The firmware (loader) files offered, e.g. <c>/usr/share/OVMF/OVMF_CODE_4M.fd</c>.</param>
/// <param name="SecureBootLoaders">Whether secure-boot-capable loaders exist (<c>&lt;enum name='secure'&gt;</c> lists <c>yes</c>).</param>
public sealed record DomainCapabilities(
    string? Emulator,
    string? Machine,
    string? Arch,
    bool? IntelIommu,
    IReadOnlyList<string> FirmwareAutoselect,
    IReadOnlyList<string> LoaderFiles,
    bool SecureBootLoaders)
{
    public bool OffersEfi => FirmwareAutoselect.Contains("efi", StringComparer.Ordinal) || LoaderFiles.Count > 0;

    public static DomainCapabilities Parse(string domainCapabilitiesXml)
    {
        var root = XElement.Parse(domainCapabilitiesXml);
        var os = root.Element("os");
        var loader = os?.Element("loader");
        var iommu = root.Element("devices")?.Element("iommu");
        return new DomainCapabilities(
            root.Element("path")?.Value,
            root.Element("machine")?.Value,
            root.Element("arch")?.Value,
            iommu is null ? null : (string?)iommu.Attribute("supported") == "yes" && Values(iommu, "model").Contains("intel", StringComparer.Ordinal),
            Values(os, "firmware"),
            loader?.Elements("value").Select(v => v.Value.Trim()).ToList() ?? [],
            Values(loader, "secure").Contains("yes", StringComparer.Ordinal));
    }

    private static List<string> Values(XElement? parent, string enumName) =>
        parent?.Elements("enum").Where(e => (string?)e.Attribute("name") == enumName).Elements("value").Select(v => v.Value.Trim()).ToList() ?? [];
}
