using System.Globalization;
using System.Text.RegularExpressions;

namespace VirtSriov.Core.Testpmd;

/// <summary>
/// Reads what testpmd prints besides its periodic blocks: each port's link ("Port 0 Link up at 10 Gbps FDX Autoneg"),
/// the packet length it sends ("packet len=64", txonly and --tx-first), and the final "Forward statistics for port N"
/// and "Accumulated forward statistics" blocks printed when forwarding stops: the run's totals.
/// Not thread-safe: use one parser per output stream.
/// </summary>
public sealed partial class TestpmdFinalStatsParser
{
    private readonly Dictionary<int, TestpmdForwardTotals> totals = [];
    private readonly Dictionary<int, int> linkSpeeds = [];
    private int? currentPort;
    private long rxPackets;
    private long rxDropped;

    /// <summary>True once the "Accumulated forward statistics" block (printed for one port too) followed the per-port totals.</summary>
    public bool Finished { get; private set; }

    /// <summary>The final totals per port, empty until testpmd printed them.</summary>
    public IReadOnlyDictionary<int, TestpmdForwardTotals> Totals => totals;

    /// <summary>Link speed in Mb/s per port, as testpmd read it from the device.</summary>
    public IReadOnlyDictionary<int, int> LinkSpeedsMbps => linkSpeeds;

    /// <summary>Length of the packets testpmd generates, without FCS; null when it did not print it.</summary>
    public int? PacketBytes { get; private set; }

    /// <summary>Reads one line; true when it was one of the lines this parser knows.</summary>
    public bool ReadLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Contains("Forward statistics for port ", StringComparison.Ordinal))
        {
            var match = ForwardHeader().Match(line);
            currentPort = match.Success && int.TryParse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture, out var number) ? number : null;
            return true;
        }

        if (line.Contains("Accumulated forward statistics", StringComparison.Ordinal))
        {
            currentPort = null;
            Finished = totals.Count > 0;
            return true;
        }

        // A number out of range is not a line testpmd wrote: the line is not one this parser knows.
        if (currentPort is { } port && ForwardCounters().Match(line) is { Success: true } counters
            && long.TryParse(counters.Groups[2].ValueSpan, CultureInfo.InvariantCulture, out var packets)
            && long.TryParse(counters.Groups[3].ValueSpan, CultureInfo.InvariantCulture, out var dropped))
        {
            if (counters.Groups[1].ValueSpan is "RX")
            {
                (rxPackets, rxDropped) = (packets, dropped);
            }
            else
            {
                totals[port] = new TestpmdForwardTotals(port, rxPackets, rxDropped, packets, dropped);
                currentPort = null;
            }

            return true;
        }

        if (LinkUp().Match(line) is { Success: true } link
            && int.TryParse(link.Groups[1].ValueSpan, CultureInfo.InvariantCulture, out var linkPort)
            && double.TryParse(link.Groups[2].ValueSpan, CultureInfo.InvariantCulture, out var figure)
            && figure * (link.Groups[3].ValueSpan is "Gbps" ? 1000 : 1) is var speed and >= 0 and <= int.MaxValue)
        {
            linkSpeeds[linkPort] = (int)speed;
            return true;
        }

        if (PacketLength().Match(line) is { Success: true } length && int.TryParse(length.Groups[1].ValueSpan, CultureInfo.InvariantCulture, out var bytes))
        {
            PacketBytes = bytes;
            return true;
        }

        return false;
    }

    [GeneratedRegex(@"Forward statistics for port (\d+)")]
    private static partial Regex ForwardHeader();

    [GeneratedRegex(@"^\s*(RX|TX)-packets:\s*(\d+)\s+\1-dropped:\s*(\d+)")]
    private static partial Regex ForwardCounters();

    [GeneratedRegex(@"^Port (\d+):? Link up at ([\d.]+) (Mbps|Gbps)")]
    private static partial Regex LinkUp();

    [GeneratedRegex(@"^\s*packet len=(\d+)")]
    private static partial Regex PacketLength();
}
