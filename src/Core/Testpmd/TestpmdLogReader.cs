using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Testpmd;

/// <summary>
/// Reads a testpmd run's output as it streams: every line goes to the step log, every statistics block becomes a
/// throughput event, and known failures are recognised for the summary.
/// </summary>
public static class TestpmdLogReader
{
    public static async Task<TestpmdSummary> ReadAsync(IAsyncEnumerable<string> lines, IStepLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(log);

        var parser = new TestpmdStatsParser();
        var ports = new SortedDictionary<int, TestpmdPortSummary>();
        var failures = new List<TestpmdFailure>();
        var sampleCount = 0;

        await foreach (var line in lines.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            // Sources that ignore the token must not keep the reader going.
            cancellationToken.ThrowIfCancellationRequested();
            log.Write(RunLogLevel.Output, line);
            if (parser.TryParseLine(line.AsSpan(), out var sample))
            {
                sampleCount++;
                log.Throughput(sample);
                ports[sample.Port] = Accumulate(ports.GetValueOrDefault(sample.Port), sample);
            }
            else if (TestpmdFailureCatalog.Match(line) is { } failure && !failures.Exists(f => f.Code == failure.Code))
            {
                failures.Add(failure);
            }
        }

        return new TestpmdSummary([.. ports.Values], sampleCount, WithoutRedundantGeneric(failures));
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
