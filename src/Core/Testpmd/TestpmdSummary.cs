namespace VirtSriov.Core.Testpmd;

/// <summary>The outcome of reading one testpmd run's output.</summary>
/// <param name="Ports">One entry per port that reported statistics, ordered by port number.</param>
/// <param name="SampleCount">Statistics blocks read, all ports together.</param>
/// <param name="Failures">Failures recognised in the output, each once, in order of appearance.</param>
public sealed record TestpmdSummary(IReadOnlyList<TestpmdPortSummary> Ports, int SampleCount, IReadOnlyList<TestpmdFailure> Failures)
{
    /// <summary>testpmd printed its final forward statistics, so <see cref="Ports"/> hold its totals; otherwise the last periodic snapshot.</summary>
    public bool Finished { get; init; }

    /// <summary>The ports were DPDK null devices: nothing crossed a link.</summary>
    public bool SimulatedDevices { get; init; }

    /// <summary>The slowest port's link speed as testpmd read it, null when it did not print it.</summary>
    public int? LinkSpeedMbps { get; init; }

    /// <summary>Length of the packets sent, without FCS, null when unknown.</summary>
    public int? PacketBytes { get; init; }

    /// <summary>False when packets moved but the PMD counted no bytes: bit rates are "not reported".</summary>
    public bool BytesReported { get; init; } = true;

    /// <summary>The highest per-sample line rate, null when it cannot be computed honestly.</summary>
    public double? PeakLineRatePercent { get; init; }

    public long PeakRxPps => Ports.Count == 0 ? 0 : Ports.Max(p => p.PeakRxPps);

    public long PeakTxPps => Ports.Count == 0 ? 0 : Ports.Max(p => p.PeakTxPps);

    public long Sent => Ports.Sum(p => p.TxPackets);

    public long Received => Ports.Sum(p => p.RxPackets);

    /// <summary>Sent but never received; packets still in flight when forwarding stopped count as lost.</summary>
    public long Lost => Math.Max(0, Sent - Received);

    public double LossPercent => Sent == 0 ? 0 : 100.0 * Lost / Sent;

    /// <summary>Where the totals come from, in the operator's words.</summary>
    public string TotalsSource => Finished ? "testpmd's final forward statistics" : "totals from the last snapshot: testpmd did not finish";

    /// <summary>Packets forwarded: statistics arrived, traffic was counted on every port and nothing failed.</summary>
    public bool Forwarded => Failures.Count == 0 && Ports.Count > 0 && Ports.All(p => p.RxPackets > 0 && p.TxPackets > 0);
}
