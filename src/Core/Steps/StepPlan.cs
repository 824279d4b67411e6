using System.Text.Json;

namespace VirtSriov.Core.Steps;

/// <summary>
/// What Apply will do, computed by Plan. The page renders Summary, Changes, Warnings and Artifacts;
/// Details carries the step's own typed plan (serialized) so that Apply works from the plan, not from the form.
/// </summary>
public sealed record StepPlan(
    StepKind Step,
    string Summary,
    IReadOnlyList<PlannedChange> Changes,
    IReadOnlyList<PlanArtifact> Artifacts,
    IReadOnlyList<string> Warnings,
    string DetailsJson)
{
    public bool NothingToDo => Changes.Count == 0;

    public static StepPlan Create<TDetails>(
        StepKind step,
        string summary,
        TDetails details,
        IReadOnlyList<PlannedChange>? changes = null,
        IReadOnlyList<PlanArtifact>? artifacts = null,
        IReadOnlyList<string>? warnings = null) =>
        new(step, summary, changes ?? [], artifacts ?? [], warnings ?? [], JsonSerializer.Serialize(details, RunJson.Options));

    public TDetails Details<TDetails>() =>
        JsonSerializer.Deserialize<TDetails>(DetailsJson, RunJson.Options)
        ?? throw new InvalidOperationException($"The {Step} plan has no details.");
}
