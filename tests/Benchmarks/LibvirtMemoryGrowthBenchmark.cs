using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using VirtSriov.Core.Libvirt;

namespace VirtSriov.Benchmarks;

/// <summary>
/// 100,000 open/lookup/get-XML/close cycles per iteration against <c>test:///default</c>; prints the process RSS
/// (<c>/proc/self/status</c> VmRSS) before the first, after each and after the last iteration. Native leaks show as RSS growth
/// (MemoryDiagnoser only sees the managed heap).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class LibvirtMemoryGrowthBenchmark
{
    private const int Cycles = 100_000;

    private long rssBeforeKiB;
    private LibvirtConnection? keepStateAlive;

    /// <summary>The test driver; a property so the benchmark stays an instance method, as BenchmarkDotNet needs.</summary>
    public string Uri { get; set; } = "test:///default";

    [GlobalSetup]
    public void Setup()
    {
        // The test driver frees its default state when the last test:///default connection closes and rebuilds it on
        // the next open (~1 ms): one connection held open keeps the loop on the binding's own open/close path.
        keepStateAlive = LibvirtConnection.Open(Uri);
        using (var warmUp = LibvirtConnection.Open(Uri))
        {
            using var domain = warmUp.LookupDomain("test");
            _ = domain.GetXml(inactive: false);
        }

        rssBeforeKiB = ReadRssKiB();
        Console.WriteLine($"// RSS before: {rssBeforeKiB} KiB");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        keepStateAlive?.Dispose();
        var after = ReadRssKiB();
        Console.WriteLine($"// RSS after {Cycles:N0} cycles × (1 warmup + 3 iterations): {after} KiB, growth {after - rssBeforeKiB} KiB");
    }

    /// <summary>RSS after every iteration: a leak grows it each time, a warm-up effect levels off.</summary>
    [IterationCleanup]
    public void AfterIteration() =>
        Console.WriteLine($"// RSS after an iteration on {Uri}: {ReadRssKiB()} KiB (managed heap {GC.GetTotalMemory(forceFullCollection: true) / 1024} KiB)");

    [Benchmark(OperationsPerInvoke = Cycles)]
    public long OpenLookupGetXmlClose100k()
    {
        long length = 0;
        for (var i = 0; i < Cycles; i++)
        {
            using var connection = LibvirtConnection.Open(Uri);
            using var domain = connection.LookupDomain("test");
            length += domain.GetXml(inactive: false).Length;
        }

        return length;
    }

    private static long ReadRssKiB() =>
        File.ReadLines("/proc/self/status")
            .Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Select(l => long.Parse(l["VmRSS:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture))
            .Single();

    /// <summary>One invocation per iteration (1 warm-up, 3 measured), so each RSS line follows exactly 100,000 cycles.</summary>
    private sealed class Config : ManualConfig
    {
        public Config() =>
            AddJob(Job.Dry.WithStrategy(RunStrategy.Monitoring).WithWarmupCount(1).WithIterationCount(3).WithInvocationCount(1));
    }
}
