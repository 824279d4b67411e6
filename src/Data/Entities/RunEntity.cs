using VirtSriov.Core.Runs;

namespace VirtSriov.Data.Entities;

public sealed class RunEntity
{
    public Guid Id { get; set; }

    public Guid LabId { get; set; }

    public LabEntity? Lab { get; set; }

    public RunStatus Status { get; set; }

    /// <summary><see cref="RunSettings"/> serialized with <see cref="RunJson.Options"/>.</summary>
    public required string SettingsJson { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>How tearing the run down ended, beside its <see cref="Status"/>; null when it was not torn down.</summary>
    public RunTeardown? Teardown { get; set; }

    public List<StepRunEntity> Steps { get; } = [];
}
