using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Runs;

/// <summary>
/// One part of two runs' plans of a step that differs, as a unified diff: <c>changes</c> (the planned changes, one
/// "target: change" per line, e.g. VF MACs) or a generated file by its name (domain XML, manifests).
/// </summary>
public sealed record PlanDifference(StepKind Step, string Part, string Diff);
