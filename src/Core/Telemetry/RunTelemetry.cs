using System.Diagnostics;
using System.Diagnostics.Metrics;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Telemetry;

/// <summary>
/// The engine's and the steps' metrics and traces under one name, which the dashboard subscribes to
/// (OpenTelemetry, scraped at /metrics). Static like every <see cref="ActivitySource"/>: recording costs nothing
/// when no one listens (the CLI, most tests).
/// </summary>
public static class RunTelemetry
{
    public const string Name = "VirtSriov";

    public static readonly ActivitySource Traces = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly Histogram<double> StepDuration = Meter.CreateHistogram<double>(
        "virtsriov.step.duration", "s", "How long one step's apply or teardown took, by step, action and outcome.");

    private static readonly Counter<long> StepOutcomes = Meter.CreateCounter<long>(
        "virtsriov.step.outcomes", "{step}", "Step applies and teardowns by step, action and outcome (the step status they ended in).");

    private static readonly Counter<long> NodeReboots = Meter.CreateCounter<long>(
        "virtsriov.node.reboots", "{reboot}", "Worker reboots counted during the Node tuning rollout (boot id changes), by node.");

    private static readonly Gauge<long> PacketRate = Meter.CreateGauge<long>(
        "virtsriov.testpmd.packet_rate", "{packet}/s", "testpmd's latest per-port packet rate, by port and direction.");

    private static readonly Gauge<long> BitRate = Meter.CreateGauge<long>(
        "virtsriov.testpmd.bit_rate", "bit/s", "testpmd's latest per-port bit rate, by port and direction; absent when the PMD counts no bytes.");

    private static readonly Counter<long> Packets = Meter.CreateCounter<long>(
        "virtsriov.testpmd.packets", "{packet}", "Packets testpmd moved, by port and direction (the growth of its cumulative counters).");

    /// <summary>A span for one step action; null when no tracer listens.</summary>
    public static Activity? StartStep(Guid runId, StepKind step, string action)
    {
        var activity = Traces.StartActivity($"{action} {step}");
        activity?.SetTag("virtsriov.run.id", runId.ToString());
        activity?.SetTag("virtsriov.step", step.ToString());
        activity?.SetTag("virtsriov.action", action);
        return activity;
    }

    /// <summary>Records a finished step action: its duration, its outcome, and the span's status.</summary>
    public static void StepFinished(StepKind step, string action, StepStatus outcome, TimeSpan duration, Activity? activity)
    {
        var tags = new TagList { { "step", step.ToString() }, { "action", action }, { "outcome", outcome.ToString() } };
        StepDuration.Record(duration.TotalSeconds, tags);
        StepOutcomes.Add(1, tags);
        activity?.SetTag("virtsriov.outcome", outcome.ToString());
        activity?.SetStatus(outcome is StepStatus.Succeeded or StepStatus.TornDown ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
    }

    public static void Rebooted(string node, int count) =>
        NodeReboots.Add(count, new KeyValuePair<string, object?>("node", node));

    /// <summary>
    /// One testpmd statistics block. <paramref name="previous"/> is the port's last block of the same test, so the packet
    /// counters grow by what testpmd moved since then (testpmd's counters are cumulative).
    /// </summary>
    public static void Throughput(ThroughputSample sample, ThroughputSample? previous)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var port = sample.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var rx = new TagList { { "port", port }, { "direction", "rx" } };
        var tx = new TagList { { "port", port }, { "direction", "tx" } };
        PacketRate.Record(sample.RxPps, rx);
        PacketRate.Record(sample.TxPps, tx);
        if (sample.BytesReported)
        {
            BitRate.Record(sample.RxBps, rx);
            BitRate.Record(sample.TxBps, tx);
        }

        Packets.Add(Math.Max(0, sample.RxPackets - (previous?.RxPackets ?? 0)), rx);
        Packets.Add(Math.Max(0, sample.TxPackets - (previous?.TxPackets ?? 0)), tx);
    }
}
