namespace VirtSriov.Core.Steps;

/// <summary>One thing Inspect saw: what, why it matters for the recipe, and the exact fix.</summary>
/// <param name="Id">Stable identifier, e.g. <c>iommu.enabled</c>.</param>
/// <param name="Severity">How much it matters; <see cref="FindingSeverity.Error"/> blocks Apply.</param>
/// <param name="Title">Short human title.</param>
/// <param name="Observed">What was seen on the system.</param>
/// <param name="Why">Why it matters for this recipe (empty when OK).</param>
/// <param name="Fix">The exact fix, a command or a setting (null when nothing to do).</param>
public sealed record StepFinding(
    string Id,
    FindingSeverity Severity,
    string Title,
    string Observed,
    string Why = "",
    string? Fix = null);
