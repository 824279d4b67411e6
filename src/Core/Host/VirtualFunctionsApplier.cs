using System.Globalization;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Host;

/// <summary>
/// Applies a <see cref="VfPlan"/> in the order that works on old and new kernels: PF up, autoprobe off, count
/// (0 first), wait for the VFs, set each VF's MAC, VLAN, spoof checking and trust on the PF, bind each VF to vfio-pci,
/// then wait for the PF's link to come back and verify. Rolls back to the state found on failure.
/// </summary>
internal sealed class VirtualFunctionsApplier(StepContext context, TimeSpan vfTimeout, TimeSpan pollInterval)
{
    /// <summary>What to do when sysfs refuses a write for lack of privilege (EACCES/EPERM).</summary>
    internal const string RootFix =
        "Run the dashboard as root, or grant its service CAP_SYS_ADMIN and CAP_NET_ADMIN (systemd: AmbientCapabilities=CAP_SYS_ADMIN CAP_NET_ADMIN), and check that /sys is mounted read-write; then apply again.";

    private readonly ISysfs sysfs = context.Lab.Sysfs;
    private readonly SysfsChangeJournal journal = new(context.Lab.Sysfs, context.Log);

    /// <param name="plan">What to apply.</param>
    /// <param name="beforeFirstChange">What must finish before the first change (the kernel log read as it was before).</param>
    /// <param name="afterLastChange">Called once the last change is made, before the wait for the PF's link and the verification.</param>
    /// <param name="cancellationToken">Cancels the waits and the ip commands.</param>
    public async Task<StepOutcome> ApplyAsync(VfPlan plan, Task beforeFirstChange, Action afterLastChange, CancellationToken cancellationToken)
    {
        var view = SriovInventory.Snapshot(sysfs, plan.PfAddress, SysfsPaths.Driver(VfPlanner.VfioDriver));
        var pf = SriovInventory.ReadPhysicalFunction(view, plan.PfAddress)
            ?? throw new ActionableException($"The PF {plan.PfAddress} is gone from this host.", "Check the NIC (lspci -D) and plan again.", field: nameof(RunSettings.PfAddress));
        var found = SriovInventory.ReadVirtualFunctions(view, pf.Address);
        await beforeFirstChange;
        try
        {
            // PF up, autoprobe off and the count (0 first) in one batch of writes: one round trip on a remote host.
            List<SysfsWrite> writes = [.. BringLinkUp(view, pf), .. DisableAutoprobe(pf)];
            var countChanges = pf.NumVfs != plan.TargetCount;
            if (countChanges)
            {
                await ChangeCountAsync(pf, found, plan.TargetCount, writes, cancellationToken);
            }
            else
            {
                journal.WriteAll(writes);
            }

            // The VF lines are read while Apply waits for the VFs (they exist once the count write returns).
            var configurator = new VfLinkConfigurator(context, journal);
            var links = configurator.ReadAsync(plan, cancellationToken);
            var vfs = countChanges ? WaitForVirtualFunctionsAsync(pf, plan.TargetCount, cancellationToken) : Task.FromResult(view);
            await Task.WhenAll(vfs, links);
            await configurator.ApplyAsync(plan, await links, fresh: countChanges, cancellationToken);
            // The VF settings change no binding: the last view of the VFs (found, or read while waiting for them) still holds.
            BindAll(await vfs, pf.Address, countChanges ? [] : found);
            afterLastChange();
            var bound = Verify(await WaitForPfLinkAsync(pf, cancellationToken), pf.Address);
            return new StepOutcome(journal.Writes > 0, Describe(pf, bound, plan.Links));
        }
        catch (Exception ex) when (ex is ActionableException or IOException)
        {
            throw WithRollback(ex, await journal.RollBackAsync(CancellationToken.None));
        }
    }

    /// <summary>The write that sets a PF that is down up (none otherwise; flags from <paramref name="view"/>), with its undo registered.</summary>
    private List<SysfsWrite> BringLinkUp(ISysfs view, PhysicalFunctionInfo pf)
    {
        if (pf.AdminUp != false)
        {
            return [];
        }

        journal.OnRollback($"{pf.Netdev} set down again", () =>
        {
            var down = PfAdminLink.Set(sysfs, pf, up: false);
            journal.Write(down.Path, down.Value);
        });
        return [PfAdminLink.Set(view, pf, up: true)];
    }

    /// <summary>The write that turns autoprobe off (none when it is off), with its undo registered first.</summary>
    private List<SysfsWrite> DisableAutoprobe(PhysicalFunctionInfo pf)
    {
        if (!pf.DriversAutoprobe)
        {
            return [];
        }

        var path = SysfsPaths.DriversAutoprobe(pf.Address);
        journal.OnRollback("sriov_drivers_autoprobe restored to 1", () => journal.Write(path, "1"));
        return [new SysfsWrite(path, "0")];
    }

    /// <summary>The count, 0 first, in one batch after <paramref name="before"/>; the kernel's EBUSY explained.</summary>
    private async Task ChangeCountAsync(PhysicalFunctionInfo pf, IReadOnlyList<VirtualFunctionInfo> found, int target, List<SysfsWrite> before, CancellationToken cancellationToken)
    {
        var path = SysfsPaths.NumVfs(pf.Address);
        journal.OnRollback($"sriov_numvfs restored to {pf.NumVfs}", () => RestoreCount(path, pf.NumVfs, found));
        var writes = new List<SysfsWrite>(before);
        if (pf.NumVfs != 0)
        {
            writes.Add(new SysfsWrite(path, "0"));
        }

        if (target != 0)
        {
            writes.Add(new SysfsWrite(path, target.ToString(CultureInfo.InvariantCulture)));
        }

        try
        {
            journal.WriteAll(writes);
        }
        catch (SysfsWriteException ex) when (ex.Errno == "EBUSY" && ex.Path == path)
        {
            throw await VfBusyExplainer.ExplainAsync(context, pf.Address, found, ex, cancellationToken);
        }
    }

    /// <summary>
    /// The VFs appear while the write runs, and the PF driver re-initialises before it returns (Debian 12's igb enables the
    /// VFs first and re-opens the PF after, which is why autoprobe is off: a VF driver probed inside the write sees "PF
    /// still in reset state"). Their settings are kept by the PF and vfio-pci never talks to it, so nothing waits here for
    /// the PF's link, which returns seconds later after autonegotiation (see <see cref="WaitForPfLinkAsync"/>).
    /// </summary>
    private Task<ISysfs> WaitForVirtualFunctionsAsync(PhysicalFunctionInfo pf, int target, CancellationToken cancellationToken) =>
        PollAsync(
            pf.Address,
            SysfsPaths.Driver(VfPlanner.VfioDriver),
            view => SriovInventory.ReadVirtualFunctions(view, pf.Address).Count == target,
            view => new ActionableException(
                $"{pf.Address} shows {SriovInventory.ReadVirtualFunctions(view, pf.Address).Count} of {target} VFs after {vfTimeout.TotalSeconds:0} s.",
                $"Look at the kernel log (dmesg) for {pf.Driver} errors; the PF may need a newer driver or firmware to create {target} VFs.",
                $"write {SysfsPaths.NumVfs(pf.Address)} {target}"),
            cancellationToken);

    /// <summary>
    /// A PF that had its link loses it while it resets for the new count: the step ends when the link is back, so a VF
    /// driver started next (a worker's DPDK) finds the PF serving its mailbox. Returns the last view of the PF and its VFs.
    /// </summary>
    private Task<ISysfs> WaitForPfLinkAsync(PhysicalFunctionInfo pf, CancellationToken cancellationToken) =>
        PollAsync(
            pf.Address,
            "/dev/vfio",
            view => !pf.IsLinkUp || SriovInventory.ReadPhysicalFunction(view, pf.Address)?.IsLinkUp == true,
            _ => new ActionableException(
                $"{pf.Netdev} had its link before the VFs were created and is not up again after {vfTimeout.TotalSeconds:0} s.",
                $"Look at the kernel log (dmesg) for {pf.Driver} errors and at the switch port; the VFs have no link while the PF has none.",
                $"cat {SysfsPaths.NetOperState(pf.Netdev!)}"),
            cancellationToken);

    /// <summary>Reads the PF and its VFs (and <paramref name="extra"/>) until <paramref name="done"/>; after the VF timeout, throws what <paramref name="late"/> makes of the last view.</summary>
    private async Task<ISysfs> PollAsync(string pfAddress, string extra, Func<ISysfs, bool> done, Func<ISysfs, ActionableException> late, CancellationToken cancellationToken)
    {
        var start = context.Time.GetTimestamp();
        while (true)
        {
            var view = SriovInventory.Snapshot(sysfs, pfAddress, extra);
            if (done(view))
            {
                return view;
            }

            if (context.Time.GetElapsedTime(start) >= vfTimeout)
            {
                throw late(view);
            }

            await Task.Delay(pollInterval, context.Time, cancellationToken);
        }
    }

    /// <summary>
    /// Binds every VF to vfio-pci, all in one batch of writes (one round trip on a remote host), each journaled and logged
    /// as its own change; <paramref name="survivors"/> are VFs found before Apply whose binding a rollback restores.
    /// </summary>
    private void BindAll(ISysfs view, string pfAddress, IReadOnlyList<VirtualFunctionInfo> survivors)
    {
        var vfs = SriovInventory.ReadVirtualFunctions(view, pfAddress);
        if (vfs.Count > 0 && !view.Exists(SysfsPaths.Driver(VfPlanner.VfioDriver)))
        {
            throw new ActionableException(
                "The vfio-pci driver is not loaded, so the VFs cannot be bound to it.",
                "Load it (modprobe vfio-pci) and make it load at boot (echo vfio-pci > /etc/modules-load.d/vfio-pci.conf), then apply again.",
                $"ls /sys/bus/pci/drivers/{VfPlanner.VfioDriver}");
        }

        var writes = new List<SysfsWrite>();
        foreach (var vf in vfs.Where(vf => vf.Driver != VfPlanner.VfioDriver))
        {
            if (survivors.Any(f => f.Address == vf.Address))
            {
                journal.OnRollback($"{vf.Address} restored to {vf.Driver ?? "no driver"}", () => RestoreBinding(vf.Address, vf.Driver));
            }

            writes.AddRange(BindToVfio(view, vf));
        }

        journal.WriteAll(writes);
    }

    private static IEnumerable<SysfsWrite> BindToVfio(ISysfs view, VirtualFunctionInfo vf)
    {
        if (vf.Driver is { } current)
        {
            yield return new SysfsWrite(SysfsPaths.Unbind(current), vf.Address);
        }

        var overridePath = SysfsPaths.DriverOverride(vf.Address);
        if (view.ReadText(overridePath).Trim() != VfPlanner.VfioDriver)
        {
            yield return new SysfsWrite(overridePath, VfPlanner.VfioDriver);
        }

        yield return new SysfsWrite(SysfsPaths.DriversProbe, vf.Address);
    }

    private static IReadOnlyList<VirtualFunctionInfo> Verify(ISysfs view, string pfAddress)
    {
        var vfs = SriovInventory.ReadVirtualFunctions(view, pfAddress);
        foreach (var vf in vfs)
        {
            if (vf.Driver != VfPlanner.VfioDriver)
            {
                throw new ActionableException(
                    $"VF {vf.Address} is bound to {vf.Driver ?? "no driver"} after drivers_probe, not to vfio-pci.",
                    "Check the kernel log (dmesg | grep vfio); vfio-pci refuses devices without an IOMMU group: boot with intel_iommu=on iommu=pt.",
                    $"write {SysfsPaths.DriversProbe} {vf.Address}");
            }

            if (vf.IommuGroup is not { } group || !view.Exists($"/dev/vfio/{group.ToString(CultureInfo.InvariantCulture)}"))
            {
                throw new ActionableException(
                    $"VF {vf.Address} is on vfio-pci but /dev/vfio/{vf.IommuGroup?.ToString(CultureInfo.InvariantCulture) ?? "<group>"} does not exist.",
                    "Enable the IOMMU (intel_iommu=on iommu=pt on the kernel command line, VT-d on in firmware) and reboot.",
                    $"ls /dev/vfio/{vf.IommuGroup?.ToString(CultureInfo.InvariantCulture) ?? ""}");
            }
        }

        return vfs;
    }

    private void RestoreCount(string path, int count, IReadOnlyList<VirtualFunctionInfo> found)
    {
        if (int.Parse(sysfs.ReadText(path).Trim(), CultureInfo.InvariantCulture) != 0)
        {
            journal.Write(path, "0");
        }

        if (count == 0)
        {
            return;
        }

        journal.Write(path, count.ToString(CultureInfo.InvariantCulture));
        foreach (var vf in found.Where(vf => vf.Driver is not null))
        {
            RestoreBinding(vf.Address, vf.Driver);
        }
    }

    private void RestoreBinding(string address, string? driver)
    {
        if (sysfs.ReadLink(SysfsPaths.DeviceFile(address, "driver")) is { } now)
        {
            journal.Write(SysfsPaths.Unbind(Path.GetFileName(now)), address);
        }

        journal.Write(SysfsPaths.DriverOverride(address), driver == VfPlanner.VfioDriver ? driver : "\n");
        if (driver is not null)
        {
            journal.Write(SysfsPaths.DriversProbe, address);
        }
    }

    private static ActionableException WithRollback(Exception failure, IReadOnlyList<string> rolledBack)
    {
        var rollback = rolledBack.Count == 0 ? "" : $" Rolled back to the state found: {string.Join("; ", rolledBack)}.";
        return failure switch
        {
            ActionableException a => new ActionableException(a.Message + rollback, a.Fix, a.FailedCall, a.Field, a.InnerException ?? a),
            SysfsWriteException w => new ActionableException(
                $"The kernel refused {w.Errno} when writing \"{w.Value}\" to {w.Path}.{rollback}",
                FixFor(w.Errno),
                $"write {w.Path} {w.Value}",
                inner: w),
            _ => new ActionableException($"{failure.Message}{rollback}", "Check that the dashboard may read and write sysfs (it runs as root on the hypervisor).", inner: failure),
        };
    }

    private static string FixFor(string errno) => errno switch
    {
        "EACCES" or "EPERM" => RootFix,
        "ERANGE" => "Lower VF count to at most the PF's sriov_totalvfs.",
        "ENOENT" or "ENODEV" => "The device or its driver is missing: check lspci -D and that the PF driver is loaded, then plan again.",
        "ENOMEM" => "The PF could not allocate resources for the VFs: lower VF count, or enable SR-IOV and enough MSI-X vectors in the NIC firmware.",
        _ => "Look at the kernel log (dmesg) for the PF driver's message, then apply again.",
    };

    private static string Describe(PhysicalFunctionInfo pf, IReadOnlyList<VirtualFunctionInfo> vfs, IReadOnlyList<VfLinkPlan> links) =>
        vfs.Count == 0
            ? $"{pf.Address} has no VFs."
            : $"{vfs.Count} VFs of {pf.Address} ({pf.Netdev ?? "no netdev"}) on vfio-pci: " +
              string.Join(", ", vfs.Select(vf => $"{vf.Address} (/dev/vfio/{vf.IommuGroup}{Settings(links.FirstOrDefault(l => l.Index == vf.Index))})")) + ".";

    private static string Settings(VfLinkPlan? link) =>
        link is null ? "" : $", mac {link.Mac ?? "from the driver"}, vlan {link.Vlan}, spoofchk {(link.SpoofCheck ? "on" : "off")}, trust {(link.Trust ? "on" : "off")}";
}
