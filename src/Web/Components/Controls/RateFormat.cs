using System.Globalization;

namespace VirtSriov.Web.Components.Controls;

/// <summary>Human rates: 1.23 Mpps, 10.4 Gbit/s.</summary>
public static class RateFormat
{
    public static string Pps(long packetsPerSecond) => Scaled(packetsPerSecond, "pps");

    public static string Bps(long bitsPerSecond) => Scaled(bitsPerSecond, "bit/s");

    private static string Scaled(long value, string unit) => value switch
    {
        >= 1_000_000_000 => string.Create(CultureInfo.InvariantCulture, $"{value / 1e9:0.##} G{unit}"),
        >= 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{value / 1e6:0.##} M{unit}"),
        >= 1_000 => string.Create(CultureInfo.InvariantCulture, $"{value / 1e3:0.##} k{unit}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{value} {unit}"),
    };
}
