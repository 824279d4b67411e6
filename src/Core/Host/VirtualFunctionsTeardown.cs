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

    public async Task<StepOutcome> TeardownAsync(CancellationToken cancellationToken)
    {
        var pf = SriovInventory.ReadPhysicalFunction(sysfs, context.Settings.PfAddress) is { IsSriovCapable: true } found
            ? found
            : throw new ActionableException(
                $"{context.Settings.PfAddress} is not an SR-IOV PF on this host, so it has no VFs to remove.",
                "Choose the PF whose VFs the run created (PF address).",
                $"ls {SysfsPaths.NumVfs(context.Settings.PfAddress)}",
                nameof(RunSettings.PfAddress));
        var vfs = SriovInventory.ReadVirtualFunctions(sysfs, pf.Address);
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
            foreach (var vf in vfs)
            {
                Release(vf);
            }

            await RemoveVfsAsync(pf, vfs, cancellationToken);
            RestoreAutoprobe(pf);
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

        return new StepOutcome(
            journal.Writes > 0,
            journal.Writes == 0
                ? $"{pf.Address} has no VFs and autoprobe on; nothing to undo."
                : $"Removed the {vfs.Count} VFs of {pf.Address} (unbound from vfio-pci, driver_override cleared); sriov_numvfs 0, sriov_drivers_autoprobe 1.");
    }

    private void Release(VirtualFunctionInfo vf)
    {
        var overridePath = SysfsPaths.DriverOverride(vf.Address);
        if (vf.Driver == VfPlanner.VfioDriver)
        {
            journal.Write(VfioUnbind, vf.Address);
            journal.OnRollback($"{vf.Address} bound to vfio-pci again", () => journal.Write(SysfsPaths.DriversProbe, vf.Address));
        }

        var current = sysfs.ReadText(overridePath).Trim();
        if (current is not ("(null)" or ""))
        {
            journal.Write(overridePath, "\n");
            journal.OnRollback($"{vf.Address} driver_override restored to {current}", () => journal.Write(overridePath, current));
        }
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

    private void RestoreAutoprobe(PhysicalFunctionInfo pf)
    {
        if (pf.DriversAutoprobe)
        {
            return;
        }

        var path = SysfsPaths.DriversAutoprobe(pf.Address);
        journal.Write(path, "1");
        journal.OnRollback("sriov_drivers_autoprobe restored to 0", () => journal.Write(path, "0"));
    }
}
