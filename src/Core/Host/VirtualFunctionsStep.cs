using VirtSriov.Core.Host.Persistence;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Host;

/// <summary>
/// Step 2: creates the VFs on the chosen Intel PF, sets their MAC, trust, spoof checking and VLAN on the PF and binds
/// them to vfio-pci, in the order that works on old and new kernels (PF up, autoprobe off, count with 0 first, wait for
/// the PF, VF settings, then bind). Rolls back on failure; <see cref="TeardownAsync"/> undoes it all.
/// </summary>
public sealed class VirtualFunctionsStep : IRunStep, IStepTeardown
{
    public StepKind Kind => StepKind.VirtualFunctions;

    public string Title => Kind.DisplayName();

    public string? Limitations =>
        "The VFs survive a host reboot only with \"Persist across reboot\" (a boot unit recreates them); without it they are gone after a reboot.";

    /// <summary>How long Apply waits for the VFs (and the PF link) after writing sriov_numvfs.</summary>
    public TimeSpan VfTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    public Task<IReadOnlyList<StepFinding>> InspectAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(VfFindings.Inspect(context.Settings, Snapshot(context)));
    }

    /// <summary>What Inspect and Plan read of the PF, its VFs and vfio-pci, read at once (two round trips on a remote host).</summary>
    private static ISysfs Snapshot(StepContext context) =>
        PciAddress.TryParse(context.Settings.PfAddress, out _)
            ? SriovInventory.Snapshot(context.Lab.Sysfs, context.Settings.PfAddress, SysfsPaths.Driver(VfPlanner.VfioDriver))
            : context.Lab.Sysfs;

    public async Task<StepPlan> PlanAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sysfs = Snapshot(context);
        var errors = VfSettingsValidator.Validate(context.Settings, sysfs);
        if (errors.Count > 0)
        {
            throw new ActionableException(
                "The VF settings do not fit this host: " + string.Join(" ", errors.Select(e => $"{e.Field}: {e.Message}")),
                $"Correct {string.Join(", ", errors.Select(e => e.Field).Distinct())} in the wizard and plan again.",
                field: errors[0].Field);
        }

        var pf = SriovInventory.ReadPhysicalFunction(sysfs, context.Settings.PfAddress)!;
        var vfs = SriovInventory.ReadVirtualFunctions(sysfs, pf.Address);
        var plan = VfPlanner.Build(context.Settings, pf, vfs);
        if (plan.ChangesCount)
        {
            await RefuseVfsInUseAsync(context, pf, vfs, cancellationToken);
        }

        var links = pf.Netdev is { } netdev && vfs.Count > 0 && !plan.ChangesCount
            ? await VfLinkConfigurator.ReadAsync(context, netdev, cancellationToken)
            : [];
        var persistence = context.Settings.PersistAcrossReboot
            ? await VfPersistence.For(context.Lab).PlanAsync(context.Settings, cancellationToken)
            : null;
        plan = plan with { Persistence = persistence };
        var changes = VfPlanner.Changes(plan, vfs, links).Concat(persistence?.Changes() ?? []).ToList();
        var warnings = new List<string>(persistence?.Warnings ?? []);
        if (context.Settings.UnsafeNoIommu)
        {
            warnings.Insert(0, UnsafeNoIommu.Warning);
            if (UnsafeNoIommu.IsEnabled(sysfs) != true)
            {
                changes.Insert(0, new PlannedChange(UnsafeNoIommu.Parameter, $"write Y ({UnsafeNoIommu.Label})"));
            }
        }

        if (pf.AdminUp == true && !pf.IsLinkUp)
        {
            warnings.Add($"{pf.Netdev} is up but has no link ({pf.OperState}): check the cable or switch port; the VFs are created anyway.");
        }

        if (!sysfs.Exists(SysfsPaths.Driver(VfPlanner.VfioDriver)))
        {
            warnings.Add("The vfio-pci driver is not loaded; Apply will stop before binding: modprobe vfio-pci first.");
        }

        if (pf.Netdev is null && plan.TargetCount > 0)
        {
            warnings.Add($"{pf.Address} has no network interface, so the VFs' MAC, trust, spoof checking and VLAN cannot be set on it.");
        }

        return StepPlan.Create(
            Kind,
            VfPlanner.Summary(plan, changes.Any(c => c.Target.StartsWith("ip link", StringComparison.Ordinal))),
            plan,
            changes,
            [.. persistence?.Artifacts() ?? [], .. PfAdminLink.Artifacts(plan)],
            warnings);
    }

    public async Task<StepOutcome> ApplyAsync(StepContext context, StepPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(plan);
        var details = plan.DetailsAs<VfPlan>();
        EnableNoIommuMode(context);
        // The kernel log is read while Apply reads the PF (Apply waits for it before its first change) and, after the last
        // change (the binding), while Apply waits for the PF's link and verifies: no round trip of its own on a remote
        // host. A failed Apply reads it again at the end, so the lines of a link that never returned and of the rollback
        // are named too.
        var kernelBefore = KernelLog.ReadAsync(context.Lab.Processes, context.Log, cancellationToken);
        Task<IReadOnlyList<string>>? kernelAfterLastChange = null;
        StepOutcome? outcome = null;
        try
        {
            outcome = await new VirtualFunctionsApplier(context, VfTimeout, PollInterval).ApplyAsync(
                details, kernelBefore, () => kernelAfterLastChange = KernelLog.ReadAsync(context.Lab.Processes, context.Log, CancellationToken.None), cancellationToken);
        }
        finally
        {
            var afterLastChange = kernelAfterLastChange is null ? null : await kernelAfterLastChange;
            var after = outcome is not null && afterLastChange is not null
                ? afterLastChange
                : await KernelLog.ReadAsync(context.Lab.Processes, context.Log, CancellationToken.None);
            KernelLog.Report(KernelLog.Since(await kernelBefore, after), context.Log);
        }

        // Only once the VFs verifiably exist is the boot unit written, so a reboot recreates what works.
        var persisted = details.Persistence is { } persistence
            && await VfPersistence.For(context.Lab).ApplyAsync(persistence, context.Log, cancellationToken);
        return persisted ? outcome with { Changed = true, Summary = outcome.Summary + $" Boot unit {VfPersistenceFiles.UnitName} updated." } : outcome;
    }

    /// <summary>Undoes Apply on the run's PF (see <see cref="VirtualFunctionsTeardown"/>); refused while a running domain holds a VF.</summary>
    public async Task<StepOutcome> TeardownAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var outcome = await new VirtualFunctionsTeardown(context).TeardownAsync(cancellationToken);
        var removed = context.Settings.PersistAcrossReboot
            && await VfPersistence.For(context.Lab).RemoveAsync(context.Settings.PfAddress, context.Log, cancellationToken);
        return removed ? outcome with { Changed = true, Summary = outcome.Summary + $" Boot unit entry for {context.Settings.PfAddress} removed." } : outcome;
    }

    /// <summary>With the operator's opt-in, vfio's no-IOMMU mode before the VFs are bound, so vfio-pci can take them.</summary>
    private static void EnableNoIommuMode(StepContext context)
    {
        if (!context.Settings.UnsafeNoIommu)
        {
            return;
        }

        context.Log.Warn(UnsafeNoIommu.Warning);
        if (UnsafeNoIommu.IsEnabled(context.Lab.Sysfs) != true)
        {
            context.Log.Write(RunLogLevel.Command, $"write {UnsafeNoIommu.Parameter} Y");
            context.Lab.Sysfs.WriteText(UnsafeNoIommu.Parameter, "Y");
        }
    }

    /// <summary>A count change removes every VF first: refused, before anything changes, while a running domain holds one.</summary>
    private static async Task RefuseVfsInUseAsync(StepContext context, PhysicalFunctionInfo pf, IReadOnlyList<VirtualFunctionInfo> vfs, CancellationToken cancellationToken)
    {
        var users = await VfDomainUsers.RunningAsync(context, vfs.Select(vf => vf.Address).ToList(), cancellationToken);
        if (users.Count > 0)
        {
            throw new ActionableException(
                $"VF count {context.Settings.VfCount} would remove the {vfs.Count} VFs of {pf.Address}, but running domains hold some of them: {VfDomainUsers.Describe(users)} (the kernel would refuse with EBUSY).",
                $"Shut the domains down (virsh shutdown {string.Join(' ', users.Keys)}) or detach their VF hostdevs, or keep VF count at {vfs.Count}; then plan again.",
                $"write {SysfsPaths.NumVfs(pf.Address)} 0",
                nameof(RunSettings.VfCount));
        }
    }
}
