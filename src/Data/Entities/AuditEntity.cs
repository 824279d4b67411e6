namespace VirtSriov.Data.Entities;

/// <summary>Who did what and when (sign-ins, lab changes, runs started); details never hold secrets.</summary>
public sealed class AuditEntity
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public required string User { get; set; }

    public required string Action { get; set; }

    public required string Detail { get; set; }
}
