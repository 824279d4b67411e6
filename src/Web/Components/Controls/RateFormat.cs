using System.Globalization;
using VirtSriov.Core.Steps;

namespace VirtSriov.Web.Components.Controls;

/// <summary>Human rates: 1.23 Mpps, 10.4 Gbit/s; "not reported" where the PMD counted no bytes, never 0.</summary>
public static class RateFormat
{
    public const string NotReported = "not reported";

    public const string SimulatedNoLineRate = "simulated, no line rate";

    public static string Pps(long packetsPerSecond) => Scaled(packetsPerSecond, "pps");

    public static string Bps(long bitsPerSecond) => Scaled(bitsPerSecond, "bit/s");

    /// <summary>The sample's Rx and Tx bit rates, or "not reported" when packets moved but no bytes were counted.</summary>
    public static (string Rx, string Tx) Bits(ThroughputSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return sample.BytesReported ? (Bps(sample.RxBps), Bps(sample.TxBps)) : (NotReported, NotReported);
    }

    /// <summary>Tx as a share of the link; null devices cross no link, and an unknown link speed gives no percentage.</summary>
    public static string LineRate(ThroughputSample sample, bool simulated)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return (simulated, sample.LineRatePercent) switch
        {
            (true, _) => SimulatedNoLineRate,
            (false, { } percent) => string.Create(CultureInfo.InvariantCulture, $"{percent:0.##}% of line rate"),
            (false, null) => "line rate unknown",
        };
    }

    private static string Scaled(long value, string unit) => value switch
    {
        >= 1_000_000_000 => string.Create(CultureInfo.InvariantCulture, $"{value / 1e9:0.##} G{unit}"),
        >= 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{value / 1e6:0.##} M{unit}"),
        >= 1_000 => string.Create(CultureInfo.InvariantCulture, $"{value / 1e3:0.##} k{unit}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{value} {unit}"),
    };
}
