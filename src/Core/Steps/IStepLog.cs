using VirtSriov.Core.Cluster;

namespace VirtSriov.Core.Steps;

/// <summary>How a step reports progress. Calls never block on I/O; events are numbered and stored by the engine.</summary>
public interface IStepLog
{
    void Write(RunLogLevel level, string text);

    void Throughput(ThroughputSample sample);

    /// <summary>Where each node of a pool rollout stands now (every poll of the rollout).</summary>
    void Rollout(IReadOnlyList<NodeRolloutRow> nodes);
}
