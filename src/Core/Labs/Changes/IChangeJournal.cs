namespace VirtSriov.Core.Labs.Changes;

/// <summary>
/// The durable record of every change made to a lab's host, hypervisor or cluster: the intent is stored before the
/// change is made, the result after, each written at once (not batched), so a crash between them is visible later.
/// Synchronous because sysfs writes are.
/// </summary>
public interface IChangeJournal
{
    /// <summary>Stores that <paramref name="change"/> is about to be made on the lab; returns its id.</summary>
    long RecordIntent(Guid labId, string change, DateTimeOffset at);

    /// <summary>Stores how the change ended: null error for success.</summary>
    void RecordResult(long intentId, string? error, DateTimeOffset at);

    /// <summary>
    /// The lab's intents that never got a result (the dashboard stopped between the two), marked as reported so
    /// each is reported once.
    /// </summary>
    Task<IReadOnlyList<UnfinishedChange>> TakeUnfinishedAsync(Guid labId, DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>A change whose intent was recorded but whose result was not: it may or may not have happened.</summary>
public sealed record UnfinishedChange(long Id, DateTimeOffset At, string Change);
