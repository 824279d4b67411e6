namespace VirtSriov.Core.Cluster.Simulation;

/// <summary>
/// A pool rollout to <see cref="Target"/> on a fixed schedule: one node at a time is given the target as its desired
/// config and works for a phase (drain), reboots for a phase, then is on the target with a new boot id. Being a pure
/// function of its start time, it survives restarts and needs no background task.
/// </summary>
internal sealed class SimulatedRollout
{
    public DateTimeOffset StartedAt { get; set; }

    public TimeSpan Phase { get; set; }

    public string Target { get; set; } = "";

    public List<string> Nodes { get; set; } = [];

    public required SimulatedWorkerConfig Config { get; set; }

    public DateTimeOffset EndsAt => StartedAt + (2 * Nodes.Count * Phase);

    /// <summary>When the node's turn starts, or null when the node is not part of this rollout.</summary>
    public DateTimeOffset? TurnOf(string node) =>
        Nodes.IndexOf(node) is var i and >= 0 ? StartedAt + (2 * i * Phase) : null;
}
