using System.Globalization;
using System.Xml.Linq;

namespace VirtSriov.Core.Libvirt;

/// <summary>
/// vfio_iommu_type1 allows 65535 DMA mappings per container (<c>dma_entry_limit</c>). Behind a vIOMMU with caching
/// mode, QEMU maps what the guest maps, page by page: a worker whose RAM in 4 KiB pages exceeds the limit can fail
/// VFIO_MAP_DMA once the guest maps enough of it (field note 5). Hugepage backing maps in far fewer entries.
/// </summary>
public static class DmaEntryLimit
{
    public const int Default = 65535;

    /// <summary>The plan warning for a worker, or null when it is backed by hugepages or its RAM fits the limit.</summary>
    public static string? Warning(string worker, string domainXml)
    {
        var domain = XDocument.Parse(domainXml).Root!;
        if (domain.Element("memoryBacking")?.Element("hugepages") is not null || domain.Element("memory") is not { } memory)
        {
            return null;
        }

        var kib = ToKiB(decimal.Parse(memory.Value.Trim(), CultureInfo.InvariantCulture), (string?)memory.Attribute("unit") ?? "KiB");
        var pages = (long)(kib / 4);
        return pages <= Default
            ? null
            : $"{worker}: {kib / 1024 / 1024:0.#} GiB of RAM in 4 KiB pages is up to {pages:N0} DMA mappings through the vIOMMU, more than vfio's dma_entry_limit ({Default}); "
              + $"the worker can fail with VFIO_MAP_DMA. Fix: back it with hugepages (<memoryBacking><hugepages/></memoryBacking> and hugepages on the host), "
              + $"or raise the limit on the host: options vfio_iommu_type1 dma_entry_limit={Math.Max(pages, Default) * 2} in /etc/modprobe.d/vfio.conf, then reload vfio_iommu_type1.";
    }

    private static decimal ToKiB(decimal value, string unit) => unit switch
    {
        "b" or "bytes" => value / 1024,
        "KB" => value * 1000 / 1024,
        "k" or "KiB" => value,
        "MB" => value * 1000 * 1000 / 1024,
        "M" or "MiB" => value * 1024,
        "GB" => value * 1000 * 1000 * 1000 / 1024,
        "G" or "GiB" => value * 1024 * 1024,
        "T" or "TiB" => value * 1024 * 1024 * 1024,
        _ => value,
    };
}
