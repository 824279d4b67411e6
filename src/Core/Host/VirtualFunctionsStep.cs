using VirtSriov.Core.Runs;

namespace VirtSriov.Core.Host;

/// <summary>
/// Step 2: creates the VFs on the chosen Intel PF and binds them to vfio-pci, in the order that works on old and
/// new kernels (PF up, autoprobe off, count with 0 first, wait for the PF, then bind). Rolls back on failure.
/// </summary>
public sealed class VirtualFunctionsStep : IRunStep
{
    public StepKind Kind => StepKind.VirtualFunctions;

    public string Title => "Virtual functions";

    public string? Limitations =>
        "VF MAC, trust, spoofchk and VLAN settings on the PF and keeping the VFs across a host reboot are not done yet.";

    /// <summary>How long Apply waits for the VFs (and the PF link) after writing sriov_numvfs.</summary>
    public TimeSpan VfTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    public Task<IReadOnlyList<StepFinding>> InspectAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(VfFindings.Inspect(context.Settings, context.Lab.Sysfs));
    }

    public Task<StepPlan> PlanAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        var sysfs = context.Lab.Sysfs;
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
        var plan = VfPlanner.Build(context.Settings.VfCount, pf, vfs);
        var warnings = new List<string>();
        if (pf.AdminUp == true && !pf.IsLinkUp)
        {
            warnings.Add($"{pf.Netdev} is up but has no link ({pf.OperState}): check the cable or switch port; the VFs are created anyway.");
        }

        if (!sysfs.Exists($"/sys/bus/pci/drivers/{VfPlanner.VfioDriver}"))
        {
            warnings.Add("The vfio-pci driver is not loaded; Apply will stop before binding: modprobe vfio-pci first.");
        }

        return Task.FromResult(StepPlan.Create(
            Kind,
            VfPlanner.Summary(plan),
            plan,
            VfPlanner.Changes(plan, vfs),
            warnings: warnings));
    }

    public Task<StepOutcome> ApplyAsync(StepContext context, StepPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(plan);
        return new VirtualFunctionsApplier(context, VfTimeout, PollInterval).ApplyAsync(plan.Details<VfPlan>(), cancellationToken);
    }
}
