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

    /// <summary>The render controller (and the Node Tuning Operator) turning changed MachineConfigs into a rendered config.</summary>
    public TimeSpan Render { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a pool node may show no Machine Config Daemon annotations before the rollout fails naming it.</summary>
    public TimeSpan NodeAnnotations { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Between two "still waiting" log lines while nothing changes, so a long wait is never silent.</summary>
    public TimeSpan ProgressLog { get; init; } = TimeSpan.FromMinutes(1);
}
