using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using VirtSriov.Core.Testpmd;

namespace VirtSriov.Benchmarks;

/// <summary>
/// <see cref="TestpmdStatsParser"/> over ~32 MB of real testpmd output, line by line. Allocations should be one
/// <c>ThroughputSample</c> (112 B) per completed block and nothing per line.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class TestpmdParserBenchmark
{
    private byte[] utf8 = [];
    private string text = "";

    [GlobalSetup]
    public void Setup()
    {
        utf8 = TestpmdCaptureBuffer.Utf8;
        text = Encoding.UTF8.GetString(utf8);
    }

    [Benchmark(Baseline = true)]
    public int ParseUtf8Lines()
    {
        var parser = new TestpmdStatsParser();
        var samples = 0;
        ReadOnlySpan<byte> rest = utf8;
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            samples += parser.TryParseLine(line, out _) ? 1 : 0;
            rest = end < 0 ? [] : rest[(end + 1)..];
        }

        return samples;
    }

    [Benchmark]
    public int ParseCharLines()
    {
        var parser = new TestpmdStatsParser();
        var samples = 0;
        ReadOnlySpan<char> rest = text;
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf('\n');
            var line = end < 0 ? rest : rest[..end];
            samples += parser.TryParseLine(line, out _) ? 1 : 0;
            rest = end < 0 ? [] : rest[(end + 1)..];
        }

        return samples;
    }

    private sealed class ThroughputConfig : ManualConfig
    {
        public ThroughputConfig() => AddColumn(new MegabytesPerSecondColumn());
    }
}
