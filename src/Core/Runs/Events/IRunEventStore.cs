namespace VirtSriov.Core.Runs.Events;

/// <summary>The append-only event log of every run (with throughput samples). Implemented over SQLite.</summary>
public interface IRunEventStore
{
    /// <summary>Appends a batch in one transaction. Sequences are assigned by the engine and are unique per run.</summary>
    Task AppendAsync(IReadOnlyList<RunEvent> events, CancellationToken cancellationToken);

    /// <summary>Events with sequence greater than <paramref name="afterSequence"/>, in order, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<RunEvent>> ReadAsync(Guid runId, long afterSequence, int max, CancellationToken cancellationToken);

    Task<long> GetLastSequenceAsync(Guid runId, CancellationToken cancellationToken);

    /// <summary>
    /// The newest <paramref name="max"/> log and status events (throughput samples left out) with sequence below
    /// <paramref name="beforeSequence"/>, oldest first: one page of a run's log, read backwards by key.
    /// </summary>
    Task<IReadOnlyList<RunEvent>> ReadLogBeforeAsync(Guid runId, long beforeSequence, int max, CancellationToken cancellationToken);

    /// <summary>The newest <paramref name="max"/> throughput samples with sequence below <paramref name="beforeSequence"/>, oldest first.</summary>
    Task<IReadOnlyList<ThroughputPoint>> ReadThroughputBeforeAsync(Guid runId, long beforeSequence, int max, CancellationToken cancellationToken);
}
