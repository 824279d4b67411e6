namespace VirtSriov.Core.Runs.Events;

/// <summary>Live events of runs: what is stored after a sequence number, then what happens next, none twice.</summary>
public interface IRunEventFeed
{
    /// <summary>
    /// Yields the run's stored events with sequence greater than <paramref name="afterSequence"/>, then live ones,
    /// in order, without gaps or duplicates, until cancelled.
    /// </summary>
    IAsyncEnumerable<RunEvent> FollowAsync(Guid runId, long afterSequence, CancellationToken cancellationToken);
}
