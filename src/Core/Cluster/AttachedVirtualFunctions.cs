using VirtSriov.Core.Host;
using VirtSriov.Core.Libvirt;

namespace VirtSriov.Core.Cluster;

/// <summary>
/// The VFs passed through to each worker: the PCI hostdevs of its libvirt domain, with vendor and device ids
/// read from the hypervisor's sysfs. A worker node has the same name as its domain (kcli names them so).
/// </summary>
public static class AttachedVirtualFunctions
{
    /// <summary>Each worker domain's hostdev ids, in domain order; a worker without hostdevs maps to an empty list.</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<PciDeviceId>>> ReadAsync(
        IHypervisor hypervisor,
        ISysfs sysfs,
        IReadOnlyList<string> workers,
        CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, IReadOnlyList<PciDeviceId>>(StringComparer.Ordinal);
        foreach (var worker in workers)
        {
            var xml = await hypervisor.GetDomainXmlAsync(worker, inactive: true, cancellationToken).ConfigureAwait(false);
            result[worker] = DomainHostdevs.PciAddresses(xml).Select(address => ReadId(sysfs, address)).ToList();
        }

        return result;
    }

    /// <summary>The distinct ids over all workers, in first-seen order.</summary>
    public static IReadOnlyList<PciDeviceId> Distinct(IReadOnlyDictionary<string, IReadOnlyList<PciDeviceId>> byWorker) =>
        byWorker.Values.SelectMany(ids => ids).Distinct().ToList();

    private static PciDeviceId ReadId(ISysfs sysfs, string address)
    {
        var device = SysfsPaths.Device(address);
        return new PciDeviceId(SriovInventory.ReadId(sysfs, $"{device}/vendor"), SriovInventory.ReadId(sysfs, $"{device}/device"));
    }

}
