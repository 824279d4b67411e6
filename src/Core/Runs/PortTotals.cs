namespace VirtSriov.Core.Runs;

/// <summary>
/// One port of one DPDK test attempt, summed up over its samples: its newest sample's sequence, its peak and mean Rx
/// pps, and its last (cumulative) Rx and Tx packet counters.
/// </summary>
public sealed record PortTotals(Guid Attempt, int Port, long LastSequence, long PeakRxPps, double MeanRxPps, long RxPackets, long TxPackets)
{
    /// <summary>Per port and attempt, from a run's throughput points.</summary>
    public static IReadOnlyList<PortTotals> Of(IEnumerable<ThroughputPoint> points) =>
        [.. points
            .GroupBy(p => (p.Sample.TestAttempt, p.Sample.Port))
            .Select(g => new PortTotals(
                g.Key.TestAttempt,
                g.Key.Port,
                g.Max(p => p.Sequence),
                g.Max(p => p.Sample.RxPps),
                g.Average(p => (double)p.Sample.RxPps),
                g.Max(p => p.Sample.RxPackets),
                g.Max(p => p.Sample.TxPackets)))];
}
