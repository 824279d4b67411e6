namespace VirtSriov.Data.Entities;

/// <summary>The counters of a throughput event, keyed like the event so a chart reads them without the log.</summary>
public sealed class ThroughputSampleEntity
{
    public Guid RunId { get; set; }

    public long Sequence { get; set; }

    public DateTimeOffset At { get; set; }

    public int Port { get; set; }

    public long RxPackets { get; set; }

    public long TxPackets { get; set; }

    public long RxBytes { get; set; }

    public long TxBytes { get; set; }

    public long RxMissed { get; set; }

    public long RxErrors { get; set; }

    public long TxErrors { get; set; }

    public long RxPps { get; set; }

    public long TxPps { get; set; }

    public long RxBps { get; set; }

    public long TxBps { get; set; }

    public Guid TestAttempt { get; set; }

    public double? LineRatePercent { get; set; }
}
