using System.Collections.Concurrent;
using VirtSriov.Core.Runs;

namespace VirtSriov.Core.Tests.Testpmd;

internal sealed class RecordingStepLog : IStepLog
{
    public ConcurrentQueue<(RunLogLevel Level, string Text)> Lines { get; } = new();

    public ConcurrentQueue<ThroughputSample> Samples { get; } = new();

    public void Write(RunLogLevel level, string text) => Lines.Enqueue((level, text));

    public void Throughput(ThroughputSample sample) => Samples.Enqueue(sample);
}
