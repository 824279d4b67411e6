using VirtSriov.Core.Runs;

namespace VirtSriov.Core.Tests.TestSupport;

/// <summary>Records what a step logs.</summary>
public sealed class HostTestLog : IStepLog
{
    private readonly List<(RunLogLevel Level, string Text)> lines = [];

    public IReadOnlyList<(RunLogLevel Level, string Text)> Lines
    {
        get
        {
            lock (lines)
            {
                return lines.ToList();
            }
        }
    }

    /// <summary>Command-level lines, e.g. <c>write /sys/bus/pci/devices/0000:3b:00.0/sriov_numvfs 4</c>.</summary>
    public IReadOnlyList<string> Commands => Lines.Where(l => l.Level == RunLogLevel.Command).Select(l => l.Text).ToList();

    public void Write(RunLogLevel level, string text)
    {
        lock (lines)
        {
            lines.Add((level, text));
        }
    }

    public void Throughput(ThroughputSample sample) => Write(RunLogLevel.Output, sample.ToString());
}
