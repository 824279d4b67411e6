namespace VirtSriov.Core.Runs;

/// <summary>History filter; <see cref="Page"/> is 0-based.</summary>
public sealed record RunQuery(
    Guid? LabId = null,
    RunStatus? Status = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int Page = 0,
    int PageSize = 20);
