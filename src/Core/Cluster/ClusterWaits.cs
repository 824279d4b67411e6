namespace VirtSriov.Core.Cluster;

/// <summary>How long the cluster steps wait for the cluster, and how often they look.</summary>
/// <param name="PoolRollout">A worker pool rollout: every worker drains and reboots (on real clusters ~10 min per node).</param>
/// <param name="DevicePlugin">Every worker advertising the VF resource after the DaemonSet is applied.</param>
/// <param name="PodRunning">The testpmd pod being scheduled and its container started (includes the image pull).</param>
/// <param name="TestpmdMargin">Beyond the configured testpmd seconds, for start-up and the final statistics.</param>
/// <param name="PollInterval">Between two looks at the cluster.</param>
public sealed record ClusterWaits(TimeSpan PoolRollout, TimeSpan DevicePlugin, TimeSpan PodRunning, TimeSpan TestpmdMargin, TimeSpan PollInterval)
{
    public static ClusterWaits Default { get; } = new(
        TimeSpan.FromMinutes(90),
        TimeSpan.FromMinutes(10),
        TimeSpan.FromMinutes(10),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromSeconds(5));
}
