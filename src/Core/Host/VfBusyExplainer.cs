using System.Globalization;
using System.Xml;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Host;

/// <summary>
/// Turns an EBUSY on <c>sriov_numvfs</c> into an error naming its cause from evidence: a count already set (the
/// kernel takes a new count only after 0), the running domains whose hostdevs are the VFs, or the processes that hold
/// the VFs' <c>/dev/vfio/GROUP</c> open (read from <c>/proc/PID/fd</c> through the lab's filesystem). When none of
/// these is found, it says so instead of guessing.
/// </summary>
internal static class VfBusyExplainer
{
    public static async Task<ActionableException> ExplainAsync(
        StepContext context, string pfAddress, IReadOnlyList<VirtualFunctionInfo> vfs, SysfsWriteException busy, CancellationToken cancellationToken)
    {
        var call = $"write {busy.Path} {busy.Value}";
        var current = ReadCount(context.Lab.Sysfs, busy.Path);
        if (busy.Value.Trim() != "0" && current is > 0)
        {
            return new ActionableException(
                $"The kernel refused to change the VF count of {pfAddress} (EBUSY): {current} VFs are already enabled, and the kernel takes a new count only after 0.",
                $"Write 0 first (echo 0 > {busy.Path}), then the new count; the step does this itself unless something re-created the VFs in between (a udev rule, the SR-IOV operator).",
                call,
                inner: busy);
        }

        var domains = await DomainsUsingAsync(context, vfs.Select(vf => vf.Address).ToHashSet(StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);
        var processes = ProcessesHolding(context.Lab.Sysfs, vfs);
        var holders = new List<string>();
        if (domains.Count > 0)
        {
            holders.Add($"VFs are passed through to the running domain(s) {string.Join(", ", domains)}");
        }

        holders.AddRange(processes.Select(p => $"{p.Command} (pid {p.Pid}) holds /dev/vfio/{p.Group} of VF {p.Vf}"));
        if (holders.Count == 0)
        {
            return new ActionableException(
                $"The kernel refused to change the VF count of {pfAddress} (EBUSY), and no running domain or process was found holding its VFs.",
                $"Look at the kernel log (dmesg) for {pfAddress}, and at `lsof /dev/vfio/*`; then apply again, or keep the current VFs by setting VF count to {vfs.Count}.",
                call,
                inner: busy);
        }

        var stops = new List<string>();
        if (domains.Count > 0)
        {
            stops.Add($"shut the domains down (virsh shutdown {string.Join(" ", domains)}) or detach their VF hostdevs");
        }

        if (processes.Count > 0)
        {
            stops.Add($"stop the processes (kill {string.Join(" ", processes.Select(p => p.Pid).Distinct())})");
        }

        return new ActionableException(
            $"The kernel refused to change the VF count of {pfAddress} (EBUSY): {string.Join("; ", holders)}.",
            $"{char.ToUpperInvariant(stops[0][0])}{string.Join(", and ", stops)[1..]}, then apply again; or keep the current VFs by setting VF count to {vfs.Count}.",
            call,
            inner: busy);
    }

    private static int? ReadCount(ISysfs sysfs, string path) =>
        sysfs.Exists(path) && int.TryParse(sysfs.ReadText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : null;

    /// <summary>Processes with an open file descriptor on a VF's VFIO group device.</summary>
    private static List<(int Pid, string Command, int Group, string Vf)> ProcessesHolding(ISysfs sysfs, IReadOnlyList<VirtualFunctionInfo> vfs)
    {
        var vfByGroupDevice = vfs.Where(vf => vf.IommuGroup is not null)
            .GroupBy(vf => $"/dev/vfio/{vf.IommuGroup}")
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var holders = new List<(int, string, int, string)>();
        if (vfByGroupDevice.Count == 0)
        {
            return holders;
        }

        foreach (var entry in sysfs.List("/proc"))
        {
            if (!int.TryParse(entry, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            var held = sysfs.List($"/proc/{pid}/fd")
                .Select(fd => sysfs.ReadLink($"/proc/{pid}/fd/{fd}"))
                .OfType<string>()
                .Where(vfByGroupDevice.ContainsKey)
                .Distinct(StringComparer.Ordinal);
            foreach (var device in held)
            {
                var vf = vfByGroupDevice[device];
                var comm = sysfs.Exists($"/proc/{pid}/comm") ? sysfs.ReadText($"/proc/{pid}/comm").Trim() : "?";
                holders.Add((pid, comm, vf.IommuGroup!.Value, vf.Address));
            }
        }

        return holders;
    }

    private static async Task<IReadOnlyList<string>> DomainsUsingAsync(StepContext context, HashSet<string> vfAddresses, CancellationToken cancellationToken)
    {
        var users = new List<string>();
        try
        {
            foreach (var name in await context.Lab.Hypervisor.ListDomainNamesAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!await context.Lab.Hypervisor.IsRunningAsync(name, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                var xml = await context.Lab.Hypervisor.GetDomainXmlAsync(name, inactive: false, cancellationToken).ConfigureAwait(false);
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
