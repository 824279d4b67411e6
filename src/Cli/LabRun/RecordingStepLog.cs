using System.Globalization;
using VirtSriov.Core.Cluster;
using VirtSriov.Core.Labs.Emulated;
using VirtSriov.Core.Steps;

namespace VirtSriov.Cli.LabRun;

/// <summary>
/// The lab run's step log: keeps every line and throughput sample for result.json and echoes all but raw program
/// output to <paramref name="echo"/> (the guest's serial console), so a slow run can be followed live.
/// </summary>
public sealed class RecordingStepLog(TimeProvider time, TextWriter echo) : IStepLog
{
    private readonly long start = time.GetTimestamp();
    private readonly List<LabLogEntry> entries = [];
    private readonly List<ThroughputSample> samples = [];

    /// <summary>The step the following lines belong to.</summary>
    public StepKind Step { get; set; } = StepKind.Preflight;

    public IReadOnlyList<LabLogEntry> Entries => entries;

    public IReadOnlyList<ThroughputSample> Samples => samples;

    public double ElapsedSeconds => time.GetElapsedTime(start).TotalSeconds;

    public void Write(RunLogLevel level, string text)
    {
        var entry = new LabLogEntry(Math.Round(ElapsedSeconds, 3), Step, level, text);
        entries.Add(entry);
        if (level != RunLogLevel.Output)
        {
            echo.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{entry.AtSeconds,8:0.0}s] {level.ToString().ToLowerInvariant(),-7} {text}"));
        }
    }

    public void Throughput(ThroughputSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        samples.Add(sample);
        var entry = new LabLogEntry(Math.Round(ElapsedSeconds, 3), Step, RunLogLevel.Info, $"port {sample.Port}", sample);
        entries.Add(entry);
        echo.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"[{entry.AtSeconds,8:0.0}s] port {sample.Port}: Rx {sample.RxPps} pps, Tx {sample.TxPps} pps (Rx {sample.RxPackets}, Tx {sample.TxPackets} packets)"));
    }

    /// <summary>The emulated lab has no cluster: no rollout to show.</summary>
    public void Rollout(IReadOnlyList<NodeRolloutRow> nodes)
    {
    }
}
