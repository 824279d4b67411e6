namespace VirtSriov.Core.Testpmd;

/// <summary>One port's final "Forward statistics" block: what the forwarding engine received and sent on it in the whole run.</summary>
public sealed record TestpmdForwardTotals(int Port, long RxPackets, long RxDropped, long TxPackets, long TxDropped);
