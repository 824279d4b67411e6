using System.Diagnostics;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;

namespace VirtSriov.Benchmarks;

/// <summary>
/// Sustained event append + broadcast: the engine's publisher stores events in SQLite (WAL) and a live
/// subscriber follows them through the feed. Prints events/s from first publish to last event received.
/// </summary>
internal static class EventPipelineBench
{
    public static async Task RunAsync(int events)
    {
        await using var bench = await BenchRun.StartAsync();
        var (run, publisher, feed) = (bench.RunId, bench.Publisher, bench.Feed);

        var received = 0L;
        using var done = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var subscriber = Task.Run(async () =>
        {
            await foreach (var e in feed.FollowAsync(run, 0, done.Token))
            {
                received++;
                if (e.Sequence == events)
                {
                    return;
                }
            }
        });

        var sample = new ThroughputSample(0, 1, 1, 64, 64, 0, 0, 0, 14_880_952, 14_880_952, 10_000_000_000, 10_000_000_000);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < events; i++)
        {
            if (i % 4 == 0)
            {
                publisher.Publish(run, RunEventKind.Throughput, StepKind.DpdkTest, "port 0", sample: sample);
            }
            else
            {
                publisher.Publish(run, RunEventKind.Log, StepKind.DpdkTest, "Rx-pps: 14880952 Rx-bps: 10000000000", RunLogLevel.Output);
            }
        }

        var published = clock.Elapsed;
        await subscriber;
        var total = clock.Elapsed;
        Console.WriteLine($"event pipeline: {events:N0} events (1 in 4 a throughput sample) published in {published.TotalMilliseconds:N0} ms, stored in SQLite and received by a live subscriber in {total.TotalMilliseconds:N0} ms");
        Console.WriteLine($"event pipeline: {events / total.TotalSeconds:N0} events/s sustained (goal >= 20,000: ratio {events / total.TotalSeconds / 20_000:N2}x); subscriber received {received:N0}");
    }
}
