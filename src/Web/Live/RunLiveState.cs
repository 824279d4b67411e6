using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;

namespace VirtSriov.Web.Live;

/// <summary>
/// What a page knows of a run from its event stream: log lines, throughput points and the last sequence seen.
/// Events at or below the last sequence are ignored, so a replay that overlaps what is known shows nothing twice.
/// </summary>
public sealed class RunLiveState
{
    /// <summary>Most stored events a page loads when it opens: the newest ones.</summary>
    public const int MaxLoadedEvents = 5000;

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

    /// <summary>Older stored events that <see cref="LoadAsync"/> left out (beyond <see cref="MaxLoadedEvents"/>).</summary>
    public long NotLoaded { get; private set; }

    /// <summary>Events taken in, each counted once.</summary>
    public int Received { get; private set; }

    /// <summary>Events that never arrived: sequences skipped between two received ones (0 when the feed keeps its promise).</summary>
    public long Missed { get; private set; }

    /// <summary>Events that arrived again after they were taken in, and were dropped.</summary>
    public int Repeated { get; private set; }

    /// <summary>
    /// Reads the newest <see cref="MaxLoadedEvents"/> stored events of the run once; a follower then continues after
    /// <see cref="LastSequence"/>, so no stored event is read twice. Older events of a long run stay in the store
    /// (the events API and the bundle have them): a page opens in one bounded read however long the run.
    /// </summary>
    public async Task LoadAsync(IRunEventStore events, Guid runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var last = await events.GetLastSequenceAsync(runId, cancellationToken);
        NotLoaded = Math.Max(0, last - MaxLoadedEvents);
        LastSequence = Math.Max(LastSequence, NotLoaded);
        Apply(await events.ReadAsync(runId, LastSequence, MaxLoadedEvents, cancellationToken));
    }

    /// <summary>Adds a batch; returns true when a step or run changed state (callers reload the run record).</summary>
    public bool Apply(IReadOnlyList<RunEvent> batch)
    {
        var statusChanged = false;
        foreach (var e in batch)
        {
            if (e.Sequence <= LastSequence)
            {
                Repeated++;
                continue;
            }

            Missed += e.Sequence - LastSequence - 1;
            Received++;
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
