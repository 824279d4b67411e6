namespace VirtSriov.Core.Cluster;

/// <summary>Where a node is in a MachineConfigPool rollout.</summary>
public enum NodeUpdatePhase
{
    /// <summary>Waiting for its turn in the rollout.</summary>
    Pending,
    Draining,
    Rebooting,
    /// <summary>Running the pool's current configuration.</summary>
    Done,
    /// <summary>The Machine Config Daemon gave up on the node (failed drain, bad config); the rollout stops.</summary>
    Degraded,
}
