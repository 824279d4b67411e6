using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;

namespace VirtSriov.Web.Live;

/// <summary>
/// What a page knows of a run from its event stream: log lines, throughput points and the last sequence seen.
/// Events at or below the last sequence are ignored, so a replay that overlaps what is known shows nothing twice.
/// </summary>
public sealed class RunLiveState
{
    private const int HistoryPageSize = 5000;
    private readonly List<RunEvent> _log = [];
    private readonly List<ThroughputPoint> _throughput = [];
    private readonly int _maxThroughputPoints;
    private long _lastThroughputSequence;

    public RunLiveState(int maxThroughputPoints = 1200)
    {
        _maxThroughputPoints = maxThroughputPoints;
    }

    /// <summary>Log lines and status changes, oldest first.</summary>
    public IReadOnlyList<RunEvent> Log => _log;

    /// <summary>The most recent throughput points (bounded), oldest first.</summary>
    public IReadOnlyList<ThroughputPoint> Throughput => _throughput;

    public long LastSequence { get; private set; }

    /// <summary>
    /// Reads what is stored of the run once, oldest first, in pages; a follower then
    /// continues after <see cref="LastSequence"/>, so no stored event is read twice.
    /// </summary>
    public async Task LoadAsync(IRunEventStore events, Guid runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        IReadOnlyList<RunEvent> page;
        do
        {
            page = await events.ReadAsync(runId, LastSequence, HistoryPageSize, cancellationToken);
            Apply(page);
        }
        while (page.Count == HistoryPageSize);
    }

    /// <summary>Adds a batch; returns true when a step or run changed state (callers reload the run record).</summary>
    public bool Apply(IReadOnlyList<RunEvent> batch)
    {
        var statusChanged = false;
        foreach (var e in batch)
        {
            if (e.Sequence <= LastSequence)
            {
                continue;
            }

            LastSequence = e.Sequence;
            if (e.Kind == RunEventKind.Throughput)
            {
                if (e.Sample is { } sample)
                {
                    AddThroughput(new ThroughputPoint(e.Sequence, e.At, sample));
                }

                continue;
            }

            statusChanged |= e.Kind is RunEventKind.StepStatusChanged or RunEventKind.RunStatusChanged;
            _log.Add(e);
        }

        return statusChanged;
    }

    private void AddThroughput(ThroughputPoint point)
    {
        if (point.Sequence <= _lastThroughputSequence)
        {
            return;
        }

        _lastThroughputSequence = point.Sequence;
        _throughput.Add(point);
        if (_throughput.Count > _maxThroughputPoints)
        {
            _throughput.RemoveRange(0, _throughput.Count - _maxThroughputPoints);
        }
    }
}
