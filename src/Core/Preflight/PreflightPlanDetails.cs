using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Preflight;

/// <summary>The findings the Preflight plan was made from (Apply examines the lab again).</summary>
public sealed record PreflightPlanDetails(IReadOnlyList<StepFinding> Findings) : StepPlanDetails;
