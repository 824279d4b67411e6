using VirtSriov.Core.Host;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Preflight;

/// <summary>
/// VFs already passed through to a libvirt domain (its PCI hostdevs), and hostdevs that name a PCI device the host no
/// longer has — the VFs of a PF that were not recreated after a host reboot.
/// </summary>
public sealed class VfsInUseCheck : IPreflightCheck
{
    private const string Title = "VFs in use by domains";

    public string Id => "sriov.vfs-in-use";

    public async Task<IReadOnlyList<StepFinding>> RunAsync(PreflightContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        IReadOnlyList<DomainDevice> devices;
        try
        {
            devices = await ReadHostdevsAsync(context.Lab.Hypervisor, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or LibvirtException)
        {
            return [new StepFinding(Id, FindingSeverity.Info, Title, $"not checked: the domains could not be read ({e.Message})")];
        }

        var sysfs = context.Lab.Sysfs;
        var findings = new List<StepFinding>();
        var missing = devices.Where(d => !sysfs.Exists(SysfsPaths.Device(d.Address))).ToList();
        if (missing.Count > 0)
        {
            findings.Add(new StepFinding(
                $"{Id}.missing",
                FindingSeverity.Warning,
                "Hostdevs without a device",
                $"{Describe(missing)}: no such PCI device on the host",
                "A domain whose hostdev is gone fails to start (\"Device ... not found\"); after a host reboot this means the VFs were not recreated.",
                "Create the VFs again (Virtual functions step) and let it install virtsriov-vfs.service so that they come back at boot before libvirt starts the workers."));
        }

        var planned = context.Settings.PfAddress;
        foreach (var byPf in devices.Except(missing).Select(d => (Device: d, Pf: PhysicalFunction(sysfs, d.Address))).Where(x => x.Pf is not null).GroupBy(x => x.Pf!))
        {
            var foreign = byPf.Where(x => !context.Settings.Workers.Contains(x.Device.Domain)).Select(x => x.Device).ToList();
            var observed = $"{Describe(byPf.Select(x => x.Device).ToList())} on PF {byPf.Key}";
            findings.Add(byPf.Key == planned && foreign.Count > 0
                ? new StepFinding(
                    $"{Id}.{byPf.Key}",
                    FindingSeverity.Warning,
                    Title,
                    observed,
                    "Changing this PF's VF count removes every VF first: the kernel refuses while a VM holds one (EBUSY) or pulls the device from under it.",
                    $"Detach the VFs from {string.Join(", ", foreign.Select(d => d.Domain).Distinct())} (virsh detach-device, or shut the domain down), or plan the run on another PF.")
                : new StepFinding($"{Id}.{byPf.Key}", FindingSeverity.Info, Title, observed));
        }

        return findings.Count > 0 ? findings : [new StepFinding(Id, FindingSeverity.Ok, Title, $"no defined domain uses a VF ({devices.Count} PCI hostdev(s) in all)")];
    }

    private static async Task<IReadOnlyList<DomainDevice>> ReadHostdevsAsync(IHypervisor hypervisor, CancellationToken cancellationToken)
    {
        var devices = new List<DomainDevice>();
        foreach (var domain in await hypervisor.ListDomainNamesAsync(cancellationToken).ConfigureAwait(false))
        {
            var running = await hypervisor.IsRunningAsync(domain, cancellationToken).ConfigureAwait(false);
            var xml = await hypervisor.GetDomainXmlAsync(domain, inactive: false, cancellationToken).ConfigureAwait(false);
            devices.AddRange(DomainHostdevs.PciAddresses(xml).Select(address => new DomainDevice(domain, address, running)));
        }

        return devices;
    }

    /// <summary>The PF of a VF (its <c>physfn</c> link), or null for a device that is not a VF.</summary>
    private static string? PhysicalFunction(ISysfs sysfs, string address) =>
        sysfs.ReadLink(SysfsPaths.DeviceFile(address, "physfn")) is { } link ? Path.GetFileName(link) : null;

    private static string Describe(IReadOnlyList<DomainDevice> devices) =>
        string.Join("; ", devices.GroupBy(d => (d.Domain, d.Running)).Select(g => $"{g.Key.Domain}{(g.Key.Running ? " (running)" : "")}: {string.Join(", ", g.Select(d => d.Address))}"));

    private sealed record DomainDevice(string Domain, string Address, bool Running);
}
