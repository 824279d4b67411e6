namespace VirtSriov.Core.Cluster;

/// <summary>
/// Share of an Ethernet link's capacity a packet rate uses. Each frame costs 20 bytes on the wire beyond its own
/// length (7 preamble, 1 start delimiter, 12 inter-frame gap), so line rate for 64-byte frames on 10 Gb/s is
/// 14.88 Mpps.
/// </summary>
public static class LineRate
{
    public const int WireOverheadBytes = 20;

    /// <summary>testpmd's default frame length (<c>--txpkts</c> 64, CRC included), the one txonly sends.</summary>
    public const int TestpmdFrameBytes = 64;

    /// <summary>Percent of <paramref name="speedMbps"/> that <paramref name="pps"/> frames of <paramref name="frameBytes"/> use.</summary>
    public static double Percent(long pps, int frameBytes, long speedMbps) =>
        speedMbps <= 0 ? 0 : 100.0 * pps * (frameBytes + WireOverheadBytes) * 8 / (speedMbps * 1_000_000.0);
}
