namespace VirtSriov.Core.Testpmd;

// TEMPORARY placeholder (cluster branch) so the DPDK test step compiles: the testpmd helper owns this type.
// Replace it with theirs when merging; the step reads only TxPackets and Failure.

/// <summary>What a testpmd run did: packets counted over all ports, and the recognised failure if it did not start.</summary>
public sealed record TestpmdSummary(long RxPackets, long TxPackets, string? Failure);
