namespace VirtSriov.Core.Steps;

/// <summary>One testpmd statistics block for one port: cumulative counters and the rates since the last block.</summary>
public sealed record ThroughputSample(
    int Port,
    long RxPackets,
    long TxPackets,
    long RxBytes,
    long TxBytes,
    long RxMissed,
    long RxErrors,
    long TxErrors,
    long RxPps,
    long TxPps,
    long RxBps,
    long TxBps)
{
    /// <summary>The DPDK test run (one Apply) the sample belongs to, so a rerun in the same run keeps its own series.</summary>
    public Guid TestAttempt { get; init; }

    /// <summary>Tx rate as a share of the port's link speed, null when the link speed or frame size is unknown or the device is simulated.</summary>
    public double? LineRatePercent { get; init; }

    /// <summary>Packets moved but no bytes counted: the PMD does not count bytes, so the bit rates are "not reported", not 0.</summary>
    public bool BytesReported => RxBytes > 0 || TxBytes > 0 || (RxPackets == 0 && TxPackets == 0);
}
