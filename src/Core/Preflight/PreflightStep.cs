using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Preflight;

/// <summary>Step 1: checks that the hypervisor can run the recipe. Changes nothing; Apply fails while an Error finding remains.</summary>
public sealed class PreflightStep : IRunStep
{
    public StepKind Kind => StepKind.Preflight;

    public string Title => Kind.DisplayName();

    public string? Limitations =>
        "Hugepages per NUMA node are not checked yet; QEMU is probed only for a hypervisor on this host (not for qemu+ssh URIs).";

    public async Task<IReadOnlyList<StepFinding>> InspectAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var report = await new PreflightDoctor(context.Time).ExamineAsync(context.Lab, context.Settings, cancellationToken).ConfigureAwait(false);
        return report.Findings;
    }

    public async Task<StepPlan> PlanAsync(StepContext context, CancellationToken cancellationToken)
    {
        var findings = await InspectAsync(context, cancellationToken).ConfigureAwait(false);
        var problems = findings.Where(f => f.Severity is FindingSeverity.Warning or FindingSeverity.Error).ToList();
        var errors = problems.Count(f => f.Severity == FindingSeverity.Error);
        var summary = errors > 0
            ? $"{findings.Count} checks, {errors} blocking: fix them before going on. Preflight changes nothing."
            : $"{findings.Count} checks, none blocking. Preflight changes nothing.";
        return StepPlan.Create(Kind, summary, new PreflightPlanDetails(findings), warnings: problems.Select(f => $"{f.Title}: {f.Observed}").ToList());
    }

    public async Task<StepOutcome> ApplyAsync(StepContext context, StepPlan plan, CancellationToken cancellationToken)
    {
        var findings = await InspectAsync(context, cancellationToken).ConfigureAwait(false);
        var errors = findings.Where(f => f.Severity == FindingSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new ActionableException(
                $"Preflight found {errors.Count} blocking problem(s): {string.Join("; ", errors.Select(e => $"{e.Title}: {e.Observed}"))}.",
                string.Join(" ", errors.Select(e => e.Fix).OfType<string>().Distinct()));
        }

        var warnings = findings.Count(f => f.Severity == FindingSeverity.Warning);
        return new StepOutcome(false, $"No blocking problem in {findings.Count} findings ({warnings} warning(s)).");
    }
}
