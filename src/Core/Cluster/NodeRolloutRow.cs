namespace VirtSriov.Core.Cluster;

/// <summary>Where one node of a pool rollout stands: the Machine Config Daemon's state and configs, and its reboots so far.</summary>
public sealed record NodeRolloutRow(string Node, string? State, string? CurrentConfig, string? DesiredConfig, int Reboots)
{
    /// <summary>True once the daemon reports the node done on the config it is meant to have.</summary>
    public bool Done => State == MachineConfigNodeState.DoneState && CurrentConfig is not null && CurrentConfig == DesiredConfig;
}
