namespace VirtSriov.Core.Cluster;

/// <summary>
/// Share of an Ethernet link's capacity a packet rate uses. testpmd's packet length (<c>--txpkts</c>, default 64,
/// printed as "packet len=") is the mbuf's data length, which excludes the 4-byte FCS: the NIC computes and appends
/// the CRC on transmit. Each frame also costs 20 bytes on the wire (7 preamble, 1 start delimiter, 12 inter-frame
/// gap), so wire bytes per packet = len + 24. 60-byte packets are 64-byte frames, 14.88 Mpps at 10 Gb/s; testpmd's
/// default 64-byte packets reach 14.2 Mpps.
/// </summary>
public static class LineRate
{
    public const int FcsBytes = 4;

    public const int WireOverheadBytes = 20;

    /// <summary>Percent of <paramref name="speedMbps"/> that <paramref name="pps"/> packets of <paramref name="packetBytes"/> (without FCS) use.</summary>
    public static double Percent(long pps, int packetBytes, long speedMbps) =>
        speedMbps <= 0 ? 0 : 100.0 * pps * (packetBytes + FcsBytes + WireOverheadBytes) * 8 / (speedMbps * 1_000_000.0);
}
