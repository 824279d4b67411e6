namespace VirtSriov.Core.Cluster.Simulation;

/// <summary>
/// A pool rollout on a fixed schedule: one node at a time drains for a phase, reboots for a phase, then is done.
/// Being a pure function of its start time, it survives restarts and needs no background task.
/// </summary>
internal sealed class SimulatedRollout
{
    public DateTimeOffset StartedAt { get; set; }

    public TimeSpan Phase { get; set; }

    public int TargetGeneration { get; set; }

    public List<string> Nodes { get; set; } = [];

    public required SimulatedWorkerConfig Config { get; set; }

    public DateTimeOffset EndsAt => StartedAt + (2 * Nodes.Count * Phase);

    /// <summary>Every node's phase changes in time order.</summary>
    public IEnumerable<(string Node, NodeUpdatePhase Phase, DateTimeOffset At)> Events() =>
        Nodes.SelectMany((node, i) =>
        {
            var start = StartedAt + (2 * i * Phase);
            return new[]
            {
                (node, NodeUpdatePhase.Draining, start),
                (node, NodeUpdatePhase.Rebooting, start + Phase),
                (node, NodeUpdatePhase.Done, start + (2 * Phase)),
            };
        });

    public int NodesDone(DateTimeOffset now) => Events().Count(e => e.Phase == NodeUpdatePhase.Done && e.At <= now);
}
