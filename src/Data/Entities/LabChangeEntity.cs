namespace VirtSriov.Data.Entities;

/// <summary>One change to a lab: inserted before it is made, completed after.</summary>
public sealed class LabChangeEntity
{
    public long Id { get; set; }

    public Guid LabId { get; set; }

    public required string Change { get; set; }

    public DateTimeOffset IntendedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Null when the change succeeded (or has no result yet).</summary>
    public string? Error { get; set; }

    /// <summary>When an intent without a result was reported after a restart.</summary>
    public DateTimeOffset? ReportedAt { get; set; }
}
