using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;

namespace VirtSriov.Web.Live;

/// <summary>
/// What a page knows of a run from its event stream: log lines, throughput points and the last sequence seen.
/// Events at or below the last sequence are ignored, so a replay that overlaps what is known shows nothing twice.
/// </summary>
public sealed class RunLiveState
{
    /// <summary>Most stored log lines a page loads at once: the newest when it opens, then a page per "show older".</summary>
    public const int LogPageSize = 1000;

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

    /// <summary>The stored log may go back further than what is loaded: <see cref="LoadOlderAsync"/> reads the page before it.</summary>
    public bool HasOlder { get; private set; }

    /// <summary>Events taken in, each counted once.</summary>
    public int Received { get; private set; }

    /// <summary>Events that never arrived: sequences skipped between two received ones (0 when the feed keeps its promise).</summary>
    public long Missed { get; private set; }

    /// <summary>Events that arrived again after they were taken in, and were dropped.</summary>
    public int Repeated { get; private set; }

    /// <summary>
    /// Reads what the run has stored so far in two bounded reads backwards by key, however long the run: the newest
    /// <see cref="LogPageSize"/> log lines, and the newest throughput samples the chart keeps (a separate query, so a
    /// long log does not push the samples out). A follower then continues after <see cref="LastSequence"/>, so no
    /// stored event is read twice.
    /// </summary>
    public async Task LoadAsync(IRunEventStore events, Guid runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var last = await events.GetLastSequenceAsync(runId, cancellationToken);
        if (last <= LastSequence)
        {
            return;
        }

        var log = await ReadLogPageAsync(events, runId, last + 1, cancellationToken);
        var samples = await events.ReadThroughputBeforeAsync(runId, last + 1, _maxThroughputPoints, cancellationToken);
        var newLines = log.Where(e => e.Sequence > LastSequence).ToList();
        var newPoints = samples.Where(p => p.Sequence > LastSequence).ToList();
        _log.AddRange(newLines);
        newPoints.ForEach(AddThroughput);
        Received += newLines.Count + newPoints.Count;
        LastSequence = last;
    }

    /// <summary>Reads the page of log lines before the oldest one loaded; true when it found any.</summary>
    public async Task<bool> LoadOlderAsync(IRunEventStore events, Guid runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var before = _log.Count > 0 ? _log[0].Sequence : LastSequence + 1;
        var older = await ReadLogPageAsync(events, runId, before, cancellationToken);
        _log.InsertRange(0, older);
        return older.Count > 0;
    }

    /// <summary>One page of log lines before <paramref name="beforeSequence"/>; one line more is read to know whether older ones exist.</summary>
    private async Task<IReadOnlyList<RunEvent>> ReadLogPageAsync(IRunEventStore events, Guid runId, long beforeSequence, CancellationToken cancellationToken)
    {
        var lines = await events.ReadLogBeforeAsync(runId, beforeSequence, LogPageSize + 1, cancellationToken);
        HasOlder = lines.Count > LogPageSize;
        return HasOlder ? lines.Skip(1).ToList() : lines;
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
