using System.Globalization;
using System.Text.RegularExpressions;
using VirtSriov.Core.Runs;

namespace VirtSriov.Core.Testpmd;

// TEMPORARY placeholder (cluster branch) with the agreed signature so the DPDK test step compiles: the testpmd helper
// owns this type (statistics parsing, throughput samples). Replace it with theirs when merging.

/// <summary>Reads testpmd's output: logs every line and sums the last packet counters of each port.</summary>
public static partial class TestpmdLogReader
{
    public static async Task<TestpmdSummary> ReadAsync(IAsyncEnumerable<string> lines, IStepLog log, CancellationToken cancellationToken)
    {
        long rx = 0, tx = 0;
        string? failure = null;
        await foreach (var line in lines.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            log.Write(RunLogLevel.Output, line);
            if (Counters().Match(line) is { Success: true } m)
            {
                var value = long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
                if (m.Groups[1].Value == "RX")
                {
                    rx = Math.Max(rx, value);
                }
                else
                {
                    tx = Math.Max(tx, value);
                }
            }
            else if (failure is null && EalFailure().IsMatch(line))
            {
                failure = line.Trim();
            }
        }

        return new TestpmdSummary(rx, tx, failure);
    }

    [GeneratedRegex(@"^\s*(RX|TX)-packets:\s*(\d+)")]
    private static partial Regex Counters();

    [GeneratedRegex(@"EAL: .*(Cannot|cannot|failed|Failed|Error|error|No probed)|No probed ethernet devices")]
    private static partial Regex EalFailure();
}
