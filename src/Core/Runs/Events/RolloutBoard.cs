using System.Collections.Concurrent;
using VirtSriov.Core.Cluster;

namespace VirtSriov.Core.Runs.Events;

/// <summary>
/// The latest node rows of each run's pool rollout, as the rollout the step follows reports them. Kept in memory only:
/// it shows a rollout in progress; the log keeps every change for the record.
/// </summary>
public sealed class RolloutBoard
{
    private readonly ConcurrentDictionary<Guid, IReadOnlyList<NodeRolloutRow>> _rows = new();

    public void Report(Guid runId, IReadOnlyList<NodeRolloutRow> rows) => _rows[runId] = rows;

    /// <summary>The rows last reported for the run; empty when no rollout was followed since the dashboard started.</summary>
    public IReadOnlyList<NodeRolloutRow> Rows(Guid runId) => _rows.GetValueOrDefault(runId) ?? [];
}
