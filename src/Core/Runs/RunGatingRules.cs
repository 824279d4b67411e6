using VirtSriov.Core.Labs;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Runs;

/// <summary>
/// When the engine may work on a run: one active run per hypervisor, a step only after every earlier step succeeded,
/// and no Apply while Inspect finds a blocking problem. Each rule throws an <see cref="ActionableException"/> saying what to do.
/// </summary>
public sealed class RunGatingRules(IRunStore runs, ILabStore labs)
{
    /// <summary>One active run per hypervisor: labs that point at the same machine share it.</summary>
    public async Task EnsureNoOtherActiveRunAsync(LabDefinition lab, Guid? self, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lab);
        var machine = HypervisorIdentity.Of(lab);
        var sharing = (await labs.ListAsync(cancellationToken).ConfigureAwait(false)).Where(l => l.Id != lab.Id && HypervisorIdentity.Of(l) == machine);
        foreach (var candidate in sharing.Prepend(lab))
        {
            var active = await runs.FindActiveRunAsync(candidate.Id, cancellationToken).ConfigureAwait(false);
            if (active is { } other && other != self)
            {
                throw new ActionableException(
                    candidate.Id == lab.Id
                        ? $"Lab '{lab.Name}' already has an active run ({other})."
                        : $"Lab '{candidate.Name}' points at the same hypervisor as '{lab.Name}' and already has an active run ({other}) there.",
                    "Open that run to continue it, or abandon it, before starting another on this hypervisor.",
                    field: "LabId");
            }
        }
    }

    public static void EnsurePreviousStepsSucceeded(RunRecord run, StepKind step)
    {
        ArgumentNullException.ThrowIfNull(run);
        var profile = run.Settings.RunProfile;
        if (!profile.Includes(step))
        {
            throw NotInProfile(profile, step);
        }

        var pending = profile.Steps().Where(k => k < step && run.Step(k).Status != StepStatus.Succeeded).ToList();
        if (pending.Count > 0)
        {
            throw new ActionableException(
                $"Step {step.DisplayName()} needs the earlier steps first: {string.Join(", ", pending.Select(k => k.DisplayName()))} not yet succeeded.",
                $"Apply {pending[0].DisplayName()} first.");
        }
    }

    public static ActionableException NotInProfile(RunProfile profile, StepKind step) => new(
        $"Step {step.DisplayName()} is not part of this run: its profile \"{profile.DisplayName()}\" has {string.Join(", ", profile.Steps().Select(k => k.DisplayName()))}.",
        $"Work on one of those steps, or start a new run with the {RunProfile.Full.DisplayName()} profile for the cluster steps.");

    public static void EnsureNothingBlocks(IReadOnlyList<StepFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var blocking = findings.Where(f => f.Severity == FindingSeverity.Error).ToList();
        if (blocking.Count > 0)
        {
            throw new ActionableException(
                $"Inspect found {blocking.Count} problem(s) that block this step: {string.Join("; ", blocking.Select(f => $"{f.Title}: {f.Observed}"))}",
                string.Join(" ", blocking.Select(f => f.Fix).OfType<string>()));
        }
    }
}
