using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Runs.Events;

/// <summary>The log a step writes to: each line and sample becomes a numbered run event.</summary>
internal sealed class RunStepLog(RunEventPublisher publisher, Guid runId, StepKind step) : IStepLog
{
    public void Write(RunLogLevel level, string text) =>
        publisher.Publish(runId, RunEventKind.Log, step, text, level);

    public void Throughput(ThroughputSample sample) =>
        publisher.Publish(runId, RunEventKind.Throughput, step, $"port {sample.Port}", sample: sample);
}
