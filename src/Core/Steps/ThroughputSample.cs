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
    long TxBps);
