namespace VirtSriov.Core.Cluster;

/// <summary>
/// One node's phase change in a pool rollout, with how many times the node has rebooted while it was followed, and
/// for <see cref="NodeUpdatePhase.Degraded"/> the Machine Config Daemon's reason.
/// </summary>
public sealed record NodeUpdateProgress(string Node, NodeUpdatePhase Phase, int RebootCount, DateTimeOffset At, string? Reason = null);
