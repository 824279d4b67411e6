using System.Xml;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Host;

/// <summary>Turns an EBUSY on <c>sriov_numvfs</c> into an error that names what holds the VFs and how to free them.</summary>
internal static class VfBusyExplainer
{
    public static async Task<ActionableException> ExplainAsync(
        StepContext context, string pfAddress, IReadOnlyList<VirtualFunctionInfo> vfs, SysfsWriteException busy, CancellationToken cancellationToken)
    {
        var onVfio = vfs.Where(vf => vf.Driver == VfPlanner.VfioDriver).Select(vf => vf.Address).ToList();
        var domains = await DomainsUsingAsync(context, vfs.Select(vf => vf.Address).ToHashSet(), cancellationToken);
        var holders = (onVfio.Count, domains.Count) switch
        {
            (_, > 0) => $"VFs are passed through to the running domain(s) {string.Join(", ", domains)}",
            ( > 0, _) => $"VFs {string.Join(", ", onVfio)} are bound to vfio-pci and in use (a VM or a DPDK process holds /dev/vfio)",
            _ => "a VF is still in use by its driver or a VM",
        };
        var fix = domains.Count > 0
            ? $"Shut the domains down (virsh shutdown {string.Join(" ", domains)}) or detach their VF hostdevs, then apply again; or keep the current VFs by setting VfCount to {vfs.Count}."
            : $"Stop what uses the VFs (VMs with VF hostdevs, DPDK processes), then apply again; or keep the current VFs by setting VfCount to {vfs.Count}.";
        return new ActionableException(
            $"The kernel refused to change the VF count of {pfAddress} (EBUSY): {holders}.",
            fix,
            $"write {busy.Path} {busy.Value}",
            inner: busy);
    }

    private static async Task<IReadOnlyList<string>> DomainsUsingAsync(StepContext context, HashSet<string> vfAddresses, CancellationToken cancellationToken)
    {
        var users = new List<string>();
        try
        {
            foreach (var name in await context.Lab.Hypervisor.ListDomainNamesAsync(cancellationToken))
            {
                var xml = await context.Lab.Hypervisor.GetDomainXmlAsync(name, inactive: false, cancellationToken);
                if (DomainHostdevs.PciAddresses(xml).Any(vfAddresses.Contains))
                {
                    users.Add(name);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or XmlException)
        {
            context.Log.Warn($"Could not ask the hypervisor which domains use the VFs: {ex.Message}");
        }

        return users;
    }
}
