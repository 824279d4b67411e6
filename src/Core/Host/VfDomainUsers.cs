using System.Xml;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Host;

/// <summary>Which running libvirt domains hold which VFs as PCI hostdevs (the VFs a count change or teardown would pull away).</summary>
internal static class VfDomainUsers
{
    /// <summary>Running domain name → the VF addresses among <paramref name="vfAddresses"/> it holds; empty when the hypervisor cannot be asked (logged).</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> RunningAsync(
        StepContext context, IReadOnlyCollection<string> vfAddresses, CancellationToken cancellationToken)
    {
        var users = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (vfAddresses.Count == 0)
        {
            return users;
        }

        try
        {
            foreach (var name in await context.Lab.Hypervisor.ListDomainNamesAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!await context.Lab.Hypervisor.IsRunningAsync(name, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                var xml = await context.Lab.Hypervisor.GetDomainXmlAsync(name, inactive: false, cancellationToken).ConfigureAwait(false);
                var held = DomainHostdevs.PciAddresses(xml).Where(vfAddresses.Contains).ToList();
                if (held.Count > 0)
                {
                    users[name] = held;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or XmlException)
        {
            context.Log.Warn($"Could not ask the hypervisor which domains use the VFs: {ex.Message}");
        }

        return users;
    }

    /// <summary>"virtsriov-worker-0 (0000:3b:02.1), …".</summary>
    public static string Describe(IReadOnlyDictionary<string, IReadOnlyList<string>> users) =>
        string.Join(", ", users.Select(u => $"{u.Key} ({string.Join(", ", u.Value)})"));
}
