using VirtSriov.Core.Cluster;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Testpmd;

/// <summary>
/// Reads a testpmd run's output as it streams: every line goes to the step log, every periodic statistics block becomes
/// a throughput event (the live series, with its line rate when it can be known), known failures are recognised, and
/// the final forward statistics become the run's totals.
/// </summary>
public static class TestpmdLogReader
{
    public static Task<TestpmdSummary> ReadAsync(IAsyncEnumerable<string> lines, IStepLog log, CancellationToken cancellationToken) =>
        ReadAsync(lines, log, TestpmdReadOptions.Default, cancellationToken);

    public static async Task<TestpmdSummary> ReadAsync(IAsyncEnumerable<string> lines, IStepLog log, TestpmdReadOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(options);

        var parser = new TestpmdStatsParser();
        var final = new TestpmdFinalStatsParser();
        var ports = new SortedDictionary<int, TestpmdPortSummary>();
        var failures = new List<TestpmdFailure>();
        var sampleCount = 0;
        var bytesReported = true;
        double? peakLineRate = null;

        await foreach (var line in lines.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            // Sources that ignore the token must not keep the reader going.
            cancellationToken.ThrowIfCancellationRequested();
            log.Write(RunLogLevel.Output, line);
            if (parser.TryParseLine(line.AsSpan(), out var parsed))
            {
                var sample = parsed with { TestAttempt = options.TestAttempt, LineRatePercent = LineRateOf(parsed, final, options) };
                sampleCount++;
                bytesReported &= sample.BytesReported;
                peakLineRate = Max(peakLineRate, sample.LineRatePercent);
                log.Throughput(sample);
                ports[sample.Port] = Accumulate(ports.GetValueOrDefault(sample.Port), sample);
            }
            else if (!final.ReadLine(line) && TestpmdFailureCatalog.Match(line) is { } failure && !failures.Exists(f => f.Code == failure.Code))
            {
                failures.Add(failure);
            }
        }

        return new TestpmdSummary([.. WithFinalTotals(ports, final)], sampleCount, WithoutRedundantGeneric(failures))
        {
            Finished = final.Finished,
            SimulatedDevices = options.SimulatedDevices,
            LinkSpeedMbps = final.LinkSpeedsMbps.Count == 0 ? null : final.LinkSpeedsMbps.Values.Min(),
            PacketBytes = final.PacketBytes ?? options.PacketBytes,
            BytesReported = bytesReported,
            PeakLineRatePercent = peakLineRate,
        };
    }

    /// <summary>Only from the speed of the link the packets cross and the length testpmd really sends; never for null devices.</summary>
    private static double? LineRateOf(ThroughputSample sample, TestpmdFinalStatsParser final, TestpmdReadOptions options) =>
        !options.SimulatedDevices
            && final.LinkSpeedsMbps.TryGetValue(sample.Port, out var speed)
            && (final.PacketBytes ?? options.PacketBytes) is { } bytes
            ? LineRate.Percent(sample.TxPps, bytes, speed)
            : null;

    private static double? Max(double? a, double? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    /// <summary>The periodic blocks trail the real counts by up to a period; the final blocks are the totals.</summary>
    private static IEnumerable<TestpmdPortSummary> WithFinalTotals(SortedDictionary<int, TestpmdPortSummary> ports, TestpmdFinalStatsParser final)
    {
        if (!final.Finished)
        {
            return ports.Values;
        }

        return final.Totals.Values.OrderBy(t => t.Port).Select(t => ports.TryGetValue(t.Port, out var seen)
            ? seen with { RxPackets = t.RxPackets, TxPackets = t.TxPackets }
            : new TestpmdPortSummary(t.Port, 0, t.RxPackets, t.TxPackets, 0, 0));
    }

    private static TestpmdPortSummary Accumulate(TestpmdPortSummary? previous, ThroughputSample sample) =>
        new(
            sample.Port,
            (previous?.Samples ?? 0) + 1,
            sample.RxPackets,
            sample.TxPackets,
            Math.Max(previous?.PeakRxPps ?? 0, sample.RxPps),
            Math.Max(previous?.PeakTxPps ?? 0, sample.TxPps));

    /// <summary>"Cannot init EAL" only repeats what a specific failure already explained.</summary>
    private static List<TestpmdFailure> WithoutRedundantGeneric(List<TestpmdFailure> failures) =>
        failures.Count > 1 ? failures.FindAll(f => f.Code != TestpmdFailureCatalog.EalInitFailedCode) : failures;
}
