using System.Collections.Concurrent;
using VirtSriov.Core.Cluster;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Telemetry;

namespace VirtSriov.Core.Runs.Events;

/// <summary>The log a step writes to: each line and sample becomes a numbered run event, and each sample a metric.</summary>
internal sealed class RunStepLog(RunEventPublisher publisher, Guid runId, StepKind step) : IStepLog
{
    private readonly ConcurrentDictionary<(Guid Attempt, int Port), ThroughputSample> _lastSamples = new();

    public void Write(RunLogLevel level, string text) =>
        publisher.Publish(runId, RunEventKind.Log, step, text, level);

    public void Throughput(ThroughputSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var key = (sample.TestAttempt, sample.Port);
        RunTelemetry.Throughput(sample, _lastSamples.GetValueOrDefault(key));
        _lastSamples[key] = sample;
        publisher.Publish(runId, RunEventKind.Throughput, step, $"port {sample.Port}", sample: sample);
    }

    public void Rollout(IReadOnlyList<NodeRolloutRow> nodes) => publisher.Rollouts.Report(runId, nodes);
}
