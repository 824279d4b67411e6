using VirtSriov.Core.Steps;

namespace VirtSriov.Data.Entities;

public sealed class ArtifactEntity
{
    public Guid Id { get; set; }

    public Guid RunId { get; set; }

    public StepKind Step { get; set; }

    public required string Name { get; set; }

    public required string Language { get; set; }

    public required string Content { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
