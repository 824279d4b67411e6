using System.Collections.Concurrent;
using VirtSriov.Core.Cluster;
using VirtSriov.Core.Steps;

namespace VirtSriov.TestDoubles;

/// <summary>Records what a step logs, every line and every throughput sample, safely from any thread.</summary>
public sealed class RecordingStepLog : IStepLog
{
    private readonly List<(RunLogLevel Level, string Text)> lines = [];
    private readonly ConcurrentQueue<ThroughputSample> samples = new();

    public IReadOnlyList<(RunLogLevel Level, string Text)> Lines
    {
        get
        {
            lock (lines)
            {
                return [.. lines];
            }
        }
    }

    /// <summary>Command-level lines, e.g. <c>write /sys/bus/pci/devices/0000:3b:00.0/sriov_numvfs 4</c>.</summary>
    public IReadOnlyList<string> Commands => [.. Lines.Where(l => l.Level == RunLogLevel.Command).Select(l => l.Text)];

    public IReadOnlyCollection<ThroughputSample> Samples => samples;

    public void Write(RunLogLevel level, string text)
    {
        lock (lines)
        {
            lines.Add((level, text));
        }
    }

    public void Throughput(ThroughputSample sample) => samples.Enqueue(sample);

    /// <summary>Every rollout report, oldest first.</summary>
    public ConcurrentQueue<IReadOnlyList<NodeRolloutRow>> Rollouts { get; } = new();

    public void Rollout(IReadOnlyList<NodeRolloutRow> nodes) => Rollouts.Enqueue(nodes);
}
