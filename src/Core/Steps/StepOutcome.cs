namespace VirtSriov.Core.Steps;

/// <summary>What Apply did. <paramref name="Changed"/> is false when the system already matched the plan.</summary>
public sealed record StepOutcome(bool Changed, string Summary, IReadOnlyList<PlanArtifact>? Artifacts = null);
