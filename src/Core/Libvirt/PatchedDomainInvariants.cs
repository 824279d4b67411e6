using System.Xml.Linq;

namespace VirtSriov.Core.Libvirt;

/// <summary>
/// Re-reads a domain XML and checks what VF passthrough behind an Intel vIOMMU needs: q35, UEFI, QEMU ioapic,
/// <c>&lt;iommu model='intel'&gt;</c> with intremap and caching_mode on, each planned VF once as a managed vfio hostdev,
/// and a memtune hard_limit that covers the locked memory. Used on the XML libvirt kept after a define.
/// </summary>
public static class PatchedDomainInvariants
{
    /// <returns>Each broken invariant in words; empty when the domain is fit.</returns>
    public static IReadOnlyList<string> Check(string domainXml, IReadOnlyList<string> vfAddresses)
    {
        ArgumentNullException.ThrowIfNull(vfAddresses);
        var domain = XElement.Parse(domainXml);
        var problems = new List<string>();
        var os = domain.Element("os");
        if ((string?)os?.Element("type")?.Attribute("machine") is not { } machine || !machine.Contains("q35", StringComparison.Ordinal))
        {
            problems.Add("machine type is not q35");
        }

        if ((string?)os?.Attribute("firmware") != "efi" && (string?)os?.Element("loader")?.Attribute("type") != "pflash")
        {
            problems.Add("firmware is not UEFI");
        }

        if ((string?)domain.Element("features")?.Element("ioapic")?.Attribute("driver") != "qemu")
        {
            problems.Add("no <ioapic driver='qemu'/>");
        }

        var devices = domain.Element("devices");
        var iommu = devices?.Element("iommu");
        var driver = iommu?.Element("driver");
        if ((string?)iommu?.Attribute("model") != "intel" || (string?)driver?.Attribute("intremap") != "on" || (string?)driver?.Attribute("caching_mode") != "on")
        {
            problems.Add("no Intel vIOMMU with intremap and caching_mode on");
        }

        var hostdevs = DomainHostdevs.Pci(devices).Select(h => (Address: h.Address.ToString(), h.Hostdev)).ToList();
        foreach (var vf in vfAddresses)
        {
            var matches = hostdevs.Where(h => h.Address == vf).Select(h => h.Hostdev).ToList();
            if (matches.Count != 1)
            {
                problems.Add($"VF {vf} is attached {matches.Count} times");
            }
            else if ((string?)matches[0].Attribute("managed") != "yes" || (string?)matches[0].Element("driver")?.Attribute("name") is not (null or "vfio"))
            {
                problems.Add($"VF {vf} is not a managed vfio hostdev");
            }
        }

        var memory = DomainMemory.FromXml(domain);
        if (memory.HardLimitKiB is { } limit && limit < MemlockCalculator.RequiredKiB(memory))
        {
            problems.Add($"memtune hard_limit {limit} KiB is below the {MemlockCalculator.RequiredKiB(memory)} KiB QEMU locks");
        }

        return problems;
    }
}
