namespace VirtSriov.Core.Steps;

/// <summary>
/// The typed part of a <see cref="StepPlan"/> that Apply works from. Every concrete subclass in Core is stored as
/// polymorphic JSON discriminated by its type name (see <see cref="RunJson"/>), so renaming one breaks stored plans.
/// </summary>
public abstract record StepPlanDetails;

/// <summary>The details of a plan whose Apply needs nothing beyond the step itself.</summary>
public sealed record NoPlanDetails : StepPlanDetails;
