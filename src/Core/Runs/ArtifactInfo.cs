using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Runs;

/// <summary>A stored artifact without its content.</summary>
public sealed record ArtifactInfo(Guid Id, Guid RunId, StepKind Step, string Name, string Language, int Length, DateTimeOffset CreatedAt);
