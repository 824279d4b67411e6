using VirtSriov.Core.Runs;

namespace VirtSriov.Core.Tests.Cluster;

internal sealed class ClusterStepLogFake : IStepLog
{
    private readonly List<(RunLogLevel Level, string Text)> lines = [];

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

    public void Write(RunLogLevel level, string text)
    {
        lock (lines)
        {
            lines.Add((level, text));
        }
    }

    public void Throughput(ThroughputSample sample)
    {
    }
}
