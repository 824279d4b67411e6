using System.Globalization;

namespace VirtSriov.Core.Testpmd;

/// <summary>A testpmd run's result in an engineer's words: sent, received, lost, loss %, where the totals come from, and the line rate only when it is true.</summary>
public static class TestpmdResultText
{
    public static string Describe(TestpmdSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"testpmd sent {summary.Sent:N0}, received {summary.Received:N0}, lost {summary.Lost:N0} packets ({summary.LossPercent:0.###}% loss; {summary.TotalsSource}). Peak Tx {summary.PeakTxPps:N0} pps, {LineRate(summary)}; bit rates {(summary.BytesReported ? "as testpmd counted them" : "not reported (the PMD counts no bytes)")}.");
    }

    public static string LineRate(TestpmdSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return summary switch
        {
            { SimulatedDevices: true } => "simulated, no line rate",
            { PeakLineRatePercent: { } percent, LinkSpeedMbps: { } speed, PacketBytes: { } bytes } =>
                string.Create(CultureInfo.InvariantCulture, $"{percent:0.###}% of the {speed} Mb/s link for {bytes}-byte packets"),
            { LinkSpeedMbps: null } => "no line rate (testpmd did not report the link speed)",
            _ => "no line rate (the packet length is unknown)",
        };
    }
}
