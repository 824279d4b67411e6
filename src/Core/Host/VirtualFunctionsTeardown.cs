using System.Globalization;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Host;

/// <summary>
/// Undoes the Virtual functions step on the run's PF: unbinds the VFs from vfio-pci, clears their driver_override,
/// writes 0 to sriov_numvfs and 1 to sriov_drivers_autoprobe. Refused, before anything changes, while a running
/// domain holds a VF (the kernel would answer EBUSY); rolls back to the state found when a write fails midway.
/// Idempotent: a PF without VFs and with autoprobe on is left alone. One instance per teardown.
/// </summary>
public sealed class VirtualFunctionsTeardown(StepContext context)
{
    private static readonly string VfioUnbind = SysfsPaths.Unbind(VfPlanner.VfioDriver);
    private readonly ISysfs sysfs = context.Lab.Sysfs;
    private readonly SysfsChangeJournal journal = new(context.Lab.Sysfs, context.Log);
    private bool linkSetDown;

    public async Task<StepOutcome> TeardownAsync(CancellationToken cancellationToken)
    {
        var view = PciAddress.TryParse(context.Settings.PfAddress, out _)
            ? SriovInventory.Snapshot(sysfs, context.Settings.PfAddress)
            : sysfs;
        var pf = SriovInventory.ReadPhysicalFunction(view, context.Settings.PfAddress) is { IsSriovCapable: true } found
            ? found
            : throw new ActionableException(
                $"{context.Settings.PfAddress} is not an SR-IOV PF on this host, so it has no VFs to remove.",
                "Choose the PF whose VFs the run created (PF address).",
                $"ls {SysfsPaths.NumVfs(context.Settings.PfAddress)}",
                nameof(RunSettings.PfAddress));
        var vfs = SriovInventory.ReadVirtualFunctions(view, pf.Address);
        var users = await VfDomainUsers.RunningAsync(context, vfs.Select(vf => vf.Address).ToList(), cancellationToken);
        if (users.Count > 0)
        {
            throw new ActionableException(
                $"The VFs of {pf.Address} cannot be removed while running domains hold them: {VfDomainUsers.Describe(users)} (the kernel would refuse with EBUSY).",
                $"Shut the domains down (virsh shutdown {string.Join(' ', users.Keys)}) or detach their VF hostdevs, then tear down again.",
                $"write {SysfsPaths.NumVfs(pf.Address)} 0");
        }

        try
        {
            // Three batches of writes (three round trips on a remote host, whatever the number of VFs).
            journal.WriteAll([.. vfs.SelectMany(vf => Release(view, vf))]);
            await RemoveVfsAsync(pf, vfs, cancellationToken);
            journal.WriteAll([.. RestoreAutoprobe(pf), .. SetLinkDownAgain(pf)]);
        }
        catch (Exception ex) when (ex is ActionableException or IOException)
        {
            var rolledBack = await journal.RollBackAsync(CancellationToken.None);
            var rollback = rolledBack.Count == 0 ? "" : $" Rolled back to the state found: {string.Join("; ", rolledBack)}.";
            throw ex is ActionableException a
                ? new ActionableException(a.Message + rollback, a.Fix, a.FailedCall, a.Field, a.InnerException ?? a)
                : new ActionableException(
                    $"Teardown of {pf.Address} stopped: {ex.Message}.{rollback}",
                    ex is SysfsWriteException { Errno: "EACCES" or "EPERM" }
                        ? VirtualFunctionsApplier.RootFix
                        : "Look at the kernel log (dmesg) for the PF driver's message, then tear down again.",
                    ex is SysfsWriteException w ? $"write {w.Path} {w.Value}" : null,
                    inner: ex);
        }

        return new StepOutcome(journal.Writes > 0, Describe(pf, vfs.Count));
    }

    private string Describe(PhysicalFunctionInfo pf, int removed)
    {
        if (journal.Writes == 0)
        {
            return $"{pf.Address} has no VFs and autoprobe on; nothing to undo.";
        }

        var parts = new List<string>();
        if (pf.NumVfs > 0)
        {
            parts.Add($"Removed the {removed} VFs of {pf.Address} (unbound from vfio-pci, driver_override cleared); sriov_numvfs 0, sriov_drivers_autoprobe 1.");
        }
        else if (!pf.DriversAutoprobe)
        {
            parts.Add($"{pf.Address} had no VFs; sriov_drivers_autoprobe 1.");
        }

        if (linkSetDown)
        {
            parts.Add($"{pf.Netdev} set down again, as the run found it.");
        }

        return string.Join(" ", parts);
    }

    /// <summary>The writes that unbind a VF from vfio-pci and clear its driver_override, with their undos registered first.</summary>
    private List<SysfsWrite> Release(ISysfs view, VirtualFunctionInfo vf)
    {
        var writes = new List<SysfsWrite>();
        if (vf.Driver == VfPlanner.VfioDriver)
        {
            journal.OnRollback($"{vf.Address} bound to vfio-pci again", () => journal.Write(SysfsPaths.DriversProbe, vf.Address));
            writes.Add(new SysfsWrite(VfioUnbind, vf.Address));
        }

        var overridePath = SysfsPaths.DriverOverride(vf.Address);
        var current = view.ReadText(overridePath).Trim();
        if (current is not ("(null)" or ""))
        {
            journal.OnRollback($"{vf.Address} driver_override restored to {current}", () => journal.Write(overridePath, current));
            writes.Add(new SysfsWrite(overridePath, "\n"));
        }

        return writes;
    }

    private async Task RemoveVfsAsync(PhysicalFunctionInfo pf, IReadOnlyList<VirtualFunctionInfo> vfs, CancellationToken cancellationToken)
    {
        if (pf.NumVfs == 0)
        {
            return;
        }

        var path = SysfsPaths.NumVfs(pf.Address);
        try
        {
            journal.Write(path, "0");
        }
        catch (SysfsWriteException ex) when (ex.Errno == "EBUSY")
        {
            throw await VfBusyExplainer.ExplainAsync(context, pf.Address, vfs, ex, cancellationToken);
        }

        journal.OnRollback($"sriov_numvfs restored to {pf.NumVfs}", () => journal.Write(path, pf.NumVfs.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>Puts down a PF link that the run's plan found down and Apply brought up (see <see cref="PfAdminLink"/>).</summary>
    private List<SysfsWrite> SetLinkDownAgain(PhysicalFunctionInfo pf)
    {
        if (pf.AdminUp != true || !PfAdminLink.WasFoundDown(context.Recorded))
        {
            return [];
        }

        // The flags as they are after the VFs are gone (the PF re-opened), not as they were before.
        var down = PfAdminLink.Set(sysfs, pf, up: false);
        journal.OnRollback($"{pf.Netdev} set up again", () => journal.Write(down.Path, PfAdminLink.Set(sysfs, pf, up: true).Value));
        linkSetDown = true;
        return [down];
    }

    private List<SysfsWrite> RestoreAutoprobe(PhysicalFunctionInfo pf)
    {
        if (pf.DriversAutoprobe)
        {
            return [];
        }

        var path = SysfsPaths.DriversAutoprobe(pf.Address);
        journal.OnRollback("sriov_drivers_autoprobe restored to 0", () => journal.Write(path, "0"));
        return [new SysfsWrite(path, "1")];
    }
}
