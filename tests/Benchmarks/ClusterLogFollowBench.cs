using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Testpmd;

namespace VirtSriov.Benchmarks;

/// <summary>
/// Chart lag of a followed testpmd log: testpmd's statistics block for each of 8 ports arrives once per (accelerated)
/// second, is parsed by the real <see cref="TestpmdLogReader"/>, published through the real RunEventPublisher
/// (stored in SQLite, WAL) and received by 50 live viewers through the real RunEventFeed. Lag = time from the block's
/// last line being read to a viewer receiving its sample; p50/p99/max over every (sample, viewer), plus process CPU
/// time and peak working set. Goal: p99 &lt; 250 ms.
/// </summary>
internal static class ClusterLogFollowBench
{
    private const int Ports = 8;
    private const int Viewers = 50;

    public static async Task RunAsync(int blocks, int acceleration)
    {
        await using var bench = await BenchRun.StartAsync();
        var (run, publisher, feed) = (bench.RunId, bench.Publisher, bench.Feed);

        var readAt = new ConcurrentDictionary<(int Port, long Block), long>();
        var lags = new ConcurrentBag<double>();
        var expected = blocks * Ports;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var viewers = Enumerable.Range(0, Viewers).Select(_ => Task.Run(async () =>
        {
            var seen = 0;
            await foreach (var e in feed.FollowAsync(run, 0, timeout.Token))
            {
                if (e.Sample is { } sample)
                {
                    var now = Stopwatch.GetTimestamp();
                    lags.Add(Stopwatch.GetElapsedTime(readAt[(sample.Port, sample.RxPackets)], now).TotalMilliseconds);
                    if (++seen == expected)
                    {
                        return;
                    }
                }
            }
        })).ToList();

        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var log = new TimedLog(publisher, run, readAt);
        await TestpmdLogReader.ReadAsync(Log(blocks, acceleration), log, CancellationToken.None);
        await Task.WhenAll(viewers);
        var elapsed = clock.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var sorted = lags.Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"log follow: {blocks} blocks x {Ports} ports at 1 block/s/port, time accelerated x{acceleration} ({elapsed.TotalSeconds:N1} s wall for {blocks} s of testpmd), {Viewers} viewers, {sorted.Length:N0} (sample, viewer) lags"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"log follow: lag p50 {Percentile(sorted, 0.50):N1} ms, p99 {Percentile(sorted, 0.99):N1} ms (goal < 250 ms: ratio {Percentile(sorted, 0.99) / 250:N2}), max {sorted[^1]:N1} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"log follow: CPU {cpu.TotalMilliseconds:N0} ms over {elapsed.TotalMilliseconds:N0} ms wall ({100 * cpu / elapsed / Environment.ProcessorCount:N1}% of {Environment.ProcessorCount} cores); peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MiB"));
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    /// <summary>testpmd's statistics output, one block per port per period; RX-packets carries the block number so lags can be matched.</summary>
    private static async IAsyncEnumerable<string> Log(int blocks, int acceleration)
    {
        var period = TimeSpan.FromSeconds(1.0 / acceleration);
        for (var block = 1; block <= blocks; block++)
        {
            yield return "Port statistics ====================================";
            for (var port = 0; port < Ports; port++)
            {
                foreach (var line in Block(port, block))
                {
                    yield return line;
                }
            }

            await Task.Delay(period);
        }
    }

    private static string[] Block(int port, long block) =>
    [
        string.Create(CultureInfo.InvariantCulture, $"  ######################## NIC statistics for port {port}  ########################"),
        string.Create(CultureInfo.InvariantCulture, $"  RX-packets: {block}     RX-missed: 0          RX-bytes:  {block * 64}"),
        "  RX-errors: 0",
        "  RX-nombuf:  0         ",
        string.Create(CultureInfo.InvariantCulture, $"  TX-packets: {block * 14_880_952}   TX-errors: 0          TX-bytes:  {block * 952_380_928}"),
        "",
        "  Throughput (since last show)",
        "  Rx-pps:     14880952          Rx-bps:  7619047424",
        "  Tx-pps:     14880952          Tx-bps:  7619047424",
        "  ############################################################################",
    ];

    /// <summary>The engine's step log (publishes lines and samples) that also notes when each sample's last line was read.</summary>
    private sealed class TimedLog(RunEventPublisher publisher, Guid runId, ConcurrentDictionary<(int Port, long Block), long> readAt) : IStepLog
    {
        public void Write(RunLogLevel level, string text) => publisher.Publish(runId, RunEventKind.Log, StepKind.DpdkTest, text, level);

        public void Throughput(ThroughputSample sample)
        {
            readAt[(sample.Port, sample.RxPackets)] = Stopwatch.GetTimestamp();
            publisher.Publish(runId, RunEventKind.Throughput, StepKind.DpdkTest, $"port {sample.Port}", sample: sample);
        }

        public void Rollout(IReadOnlyList<VirtSriov.Core.Cluster.NodeRolloutRow> nodes)
        {
        }
    }
}
