namespace VirtSriov.Core.Cluster.Simulation;

/// <summary>How fast the simulated operators act, in the time of the cluster's <see cref="TimeProvider"/>.</summary>
/// <param name="NodePhase">How long a worker drains, and then how long it reboots, in a pool rollout.</param>
/// <param name="RenderDelay">
/// From a MachineConfig or PerformanceProfile change to the pool's new rendered config, as the Node Tuning Operator and
/// the render controller take a few seconds; until then the pool still reports the old config as Updated.
/// </param>
public sealed record SimulatedClusterTimings(TimeSpan NodePhase, TimeSpan RenderDelay)
{
    public static SimulatedClusterTimings Default { get; } = new(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4));
}
