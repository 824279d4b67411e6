namespace VirtSriov.Core.Steps;

/// <summary>
/// What Apply will do, computed by Plan. The page renders Summary, Changes, Warnings and Artifacts;
/// Details carries the step's own typed plan so that Apply works from the plan, not from the form.
/// </summary>
public sealed record StepPlan(
    StepKind Step,
    string Summary,
    IReadOnlyList<PlannedChange> Changes,
    IReadOnlyList<PlanArtifact> Artifacts,
    IReadOnlyList<string> Warnings,
    StepPlanDetails Details)
{
    /// <summary>What applying interrupts (running VMs shut down, nodes rebooted): the wizard asks for consent first.</summary>
    public IReadOnlyList<PlannedInterruption> Interruptions { get; init; } = [];

    public bool NothingToDo => Changes.Count == 0;

    public static StepPlan Create(
        StepKind step,
        string summary,
        StepPlanDetails details,
        IReadOnlyList<PlannedChange>? changes = null,
        IReadOnlyList<PlanArtifact>? artifacts = null,
        IReadOnlyList<string>? warnings = null,
        IReadOnlyList<PlannedInterruption>? interruptions = null) =>
        new(step, summary, changes ?? [], artifacts ?? [], warnings ?? [], details) { Interruptions = interruptions ?? [] };

    public TDetails DetailsAs<TDetails>()
        where TDetails : StepPlanDetails =>
        Details as TDetails
        ?? throw new InvalidOperationException($"The {Step} plan holds {Details.GetType().Name}, not {typeof(TDetails).Name}.");
}
