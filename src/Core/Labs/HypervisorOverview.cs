using VirtSriov.Core.Host;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Runs;

namespace VirtSriov.Core.Labs;

/// <summary>
/// Every host lab at a glance: whether its host answers (and why not), its SR-IOV NICs with the VFs in use and by which
/// running domain, and the one active run on its hypervisor. Reads only; a lab that cannot be opened is a row with the
/// reason, never an error.
/// </summary>
public sealed class HypervisorOverview(ILabStore labs, IRunStore runs, LabEnvironmentCache environments)
{
    public async Task<IReadOnlyList<HypervisorStatus>> ListAsync(CancellationToken cancellationToken)
    {
        var all = await labs.ListAsync(cancellationToken).ConfigureAwait(false);
        var active = new Dictionary<Guid, Guid>();
        foreach (var lab in all)
        {
            if (await runs.FindActiveRunAsync(lab.Id, cancellationToken).ConfigureAwait(false) is { } run)
            {
                active[lab.Id] = run;
            }
        }

        var statuses = new List<HypervisorStatus>();
        foreach (var lab in all.Where(l => l.Kind == LabKind.Host))
        {
            var machine = HypervisorIdentity.Of(lab);
            var holder = all.Where(l => HypervisorIdentity.Of(l) == machine && active.ContainsKey(l.Id)).Select(l => (LabName: l.Name, Run: active[l.Id])).FirstOrDefault();
            var (nics, problem) = await ReadNicsAsync(lab, cancellationToken).ConfigureAwait(false);
            statuses.Add(new HypervisorStatus(lab.Id, lab.Name, machine, lab.LibvirtUri, problem is null, problem, nics, holder.LabName is null ? null : holder.Run, holder.LabName));
        }

        return statuses;
    }

    private async Task<(IReadOnlyList<SriovNicStatus> Nics, string? Problem)> ReadNicsAsync(LabDefinition lab, CancellationToken cancellationToken)
    {
        try
        {
            var environment = await environments.GetAsync(lab, cancellationToken).ConfigureAwait(false);
            var holders = await DomainsByVfAsync(environment.Hypervisor, cancellationToken).ConfigureAwait(false);
            var nics = SriovInventory.ReadPhysicalFunctions(environment.Sysfs)
                .Where(pf => pf.IsSriovCapable)
                .Select(pf => new SriovNicStatus(
                    pf.Address,
                    pf.Netdev,
                    $"{pf.VendorId}:{pf.DeviceId}",
                    pf.Driver,
                    pf.TotalVfs,
                    SriovInventory.ReadVirtualFunctions(environment.Sysfs, pf.Address).Select(vf => new VfUse(vf.Address, vf.Driver, holders.GetValueOrDefault(vf.Address))).ToList()))
                .ToList();
            return (nics, null);
        }
        catch (Exception e) when (e is Steps.ActionableException or IOException or InvalidOperationException)
        {
            return ([], e is Steps.ActionableException a && a.Fix is { } fix ? $"{e.Message} Fix: {fix}" : e.Message);
        }
    }

    /// <summary>VF address → the running domain holding it as a PCI hostdev.</summary>
    private static async Task<IReadOnlyDictionary<string, string>> DomainsByVfAsync(IHypervisor hypervisor, CancellationToken cancellationToken)
    {
        var holders = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in await hypervisor.ListDomainNamesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await hypervisor.IsRunningAsync(name, cancellationToken).ConfigureAwait(false))
            {
                foreach (var address in DomainHostdevs.PciAddresses(await hypervisor.GetDomainXmlAsync(name, inactive: false, cancellationToken).ConfigureAwait(false)))
                {
                    holders[address] = name;
                }
            }
        }

        return holders;
    }
}
