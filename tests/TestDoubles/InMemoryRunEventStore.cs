using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;

namespace VirtSriov.TestDoubles;

/// <summary>Run events in memory (the SQLite store is tested in Data.Tests); counts the appends.</summary>
public sealed class InMemoryRunEventStore : IRunEventStore
{
    private readonly Lock _gate = new();
    private readonly List<RunEvent> _events = [];

    public int AppendCalls { get; private set; }

    public Task AppendAsync(IReadOnlyList<RunEvent> events, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            AppendCalls++;
            _events.AddRange(events);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<RunEvent>> ReadAsync(Guid runId, long afterSequence, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<RunEvent>>(
                [.. _events.Where(e => e.RunId == runId && e.Sequence > afterSequence).OrderBy(e => e.Sequence).Take(max)]);
        }
    }

    public Task<long> GetLastSequenceAsync(Guid runId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_events.Where(e => e.RunId == runId).Select(e => e.Sequence).DefaultIfEmpty().Max());
        }
    }

    public Task<IReadOnlyList<RunEvent>> ReadLogBeforeAsync(Guid runId, long beforeSequence, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<RunEvent>>(
                [.. _events.Where(e => e.RunId == runId && e.Sequence < beforeSequence && e.Kind != RunEventKind.Throughput)
                    .OrderByDescending(e => e.Sequence).Take(max).Reverse()]);
        }
    }

    public Task<IReadOnlyList<ThroughputPoint>> ReadThroughputBeforeAsync(Guid runId, long beforeSequence, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<ThroughputPoint>>(
                [.. _events.Where(e => e.RunId == runId && e.Sequence < beforeSequence && e.Sample is not null)
                    .OrderByDescending(e => e.Sequence).Take(max).Reverse().Select(e => new ThroughputPoint(e.Sequence, e.At, e.Sample!))]);
        }
    }
}
