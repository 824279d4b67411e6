namespace VirtSriov.Core.Runs;

/// <summary>
/// How a run's latest DPDK test went, from its stored samples: the peak and mean Rx packets per second of a port, and
/// the loss from the ports' last counters (sent − received over sent, as testpmd's totals count it).
/// </summary>
public sealed record RunThroughput(long PeakRxPps, double MeanRxPps, double? LossPercent)
{
    /// <summary>The latest test attempt (the one with the newest sample) of a run's ports; null when there is none.</summary>
    public static RunThroughput? Of(IEnumerable<PortTotals> ports)
    {
        ArgumentNullException.ThrowIfNull(ports);
        var latest = ports.GroupBy(p => p.Attempt).MaxBy(a => a.Max(p => p.LastSequence))?.ToList();
        if (latest is null)
        {
            return null;
        }

        var sent = latest.Sum(p => p.TxPackets);
        var received = latest.Sum(p => p.RxPackets);
        return new RunThroughput(
            latest.Max(p => p.PeakRxPps),
            latest.Average(p => p.MeanRxPps),
            sent == 0 ? null : 100.0 * Math.Max(0, sent - received) / sent);
    }
}
