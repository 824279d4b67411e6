namespace VirtSriov.Core.Cluster;

/// <summary>
/// Share of an Ethernet link's capacity a packet rate uses. testpmd's packet length (<c>--txpkts</c>, printed as
/// "packet len=") excludes the 4-byte FCS the NIC appends; each frame also costs 20 bytes on the wire (7 preamble,
/// 1 start delimiter, 12 inter-frame gap). So 60-byte packets are 64-byte frames, 14.88 Mpps at 10 Gb/s.
/// </summary>
public static class LineRate
{
    public const int FcsBytes = 4;

    public const int WireOverheadBytes = 20;

    /// <summary>Percent of <paramref name="speedMbps"/> that <paramref name="pps"/> packets of <paramref name="packetBytes"/> (without FCS) use.</summary>
    public static double Percent(long pps, int packetBytes, long speedMbps) =>
        speedMbps <= 0 ? 0 : 100.0 * pps * (packetBytes + FcsBytes + WireOverheadBytes) * 8 / (speedMbps * 1_000_000.0);
}
