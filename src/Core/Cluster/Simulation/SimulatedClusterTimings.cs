namespace VirtSriov.Core.Cluster.Simulation;

/// <summary>How fast the simulated operators act, in the time of the cluster's <see cref="TimeProvider"/>.</summary>
/// <param name="NodePhase">How long a worker drains, and then how long it reboots, in a pool rollout.</param>
/// <param name="PollInterval">How often followers (pool rollout) look at the state again.</param>
public sealed record SimulatedClusterTimings(TimeSpan NodePhase, TimeSpan PollInterval)
{
    public static SimulatedClusterTimings Default { get; } = new(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1));
}
