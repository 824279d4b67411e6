namespace VirtSriov.Core.Testpmd;

/// <summary>What one port's statistics blocks showed: the last cumulative counters and the peak rates.</summary>
public sealed record TestpmdPortSummary(int Port, int Samples, long RxPackets, long TxPackets, long PeakRxPps, long PeakTxPps);
