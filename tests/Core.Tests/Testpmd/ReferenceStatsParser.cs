using System.Globalization;
using System.Text.RegularExpressions;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Tests.Testpmd;

/// <summary>An independent, whole-text regular-expression reading of testpmd statistics blocks, to check the streaming parser against.</summary>
internal static partial class ReferenceStatsParser
{
    public static List<ThroughputSample> Parse(string text) =>
        [.. Block().Matches(text.Replace("\r\n", "\n", StringComparison.Ordinal)).Select(ToSample)];

    private static ThroughputSample ToSample(Match m)
    {
        long L(string group) => long.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);
        return new ThroughputSample(
            int.Parse(m.Groups["port"].Value, CultureInfo.InvariantCulture),
            L("rxp"), L("txp"), L("rxb"), L("txb"), L("rxm"), L("rxe"), L("txe"), L("rxpps"), L("txpps"), L("rxbps"), L("txbps"));
    }

    [GeneratedRegex(
        @"NIC statistics for port (?<port>\d+) +#+\n" +
        @" *RX-packets: *(?<rxp>\d+) +RX-missed: *(?<rxm>\d+) +RX-bytes: *(?<rxb>\d+) *\n" +
        @" *RX-errors: *(?<rxe>\d+) *\n" +
        @" *RX-nombuf: *\d+ *\n" +
        @" *TX-packets: *(?<txp>\d+) +TX-errors: *(?<txe>\d+) +TX-bytes: *(?<txb>\d+) *\n\n" +
        @" *Throughput \(since last show\)\n" +
        @" *Rx-pps: *(?<rxpps>\d+) +Rx-bps: *(?<rxbps>\d+) *\n" +
        @" *Tx-pps: *(?<txpps>\d+) +Tx-bps: *(?<txbps>\d+)")]
    private static partial Regex Block();
}
