using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;

namespace VirtSriov.Web.Components.Controls;

/// <summary>One thing an action interrupts, as a step's plan names it: "Worker VMs: virtsriov-worker-0 is running: Apply shuts it down…".</summary>
public sealed record ConsentItem(string Step, string Target, string What)
{
    /// <summary>What applying the plan interrupts.</summary>
    public static IReadOnlyList<ConsentItem> ForApply(StepPlan? plan) =>
        plan is null ? [] : [.. plan.Interruptions.Select(i => new ConsentItem(plan.Step.DisplayName(), i.Target, i.OnApply))];

    /// <summary>What the planned steps not yet succeeded interrupt when they run, in order.</summary>
    public static IReadOnlyList<ConsentItem> ForRemaining(RunRecord run) =>
        [.. run.Steps.Where(s => s.Status != StepStatus.Succeeded).SelectMany(s => ForApply(s.Plan))];

    /// <summary>What tearing the run down interrupts again: the teardown side of every applied step's plan, last step first.</summary>
    public static IReadOnlyList<ConsentItem> ForTeardown(RunRecord run) =>
        [.. run.Steps
            .Where(s => s.Status is not (StepStatus.Pending or StepStatus.TornDown) && s.Plan is not null)
            .Reverse()
            .SelectMany(s => s.Plan!.Interruptions.Select(i => new ConsentItem(s.Step.DisplayName(), i.Target, i.OnTeardown)))];
}
