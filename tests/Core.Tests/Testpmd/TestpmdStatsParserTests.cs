using System.Text;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Testpmd;
using Xunit;

namespace VirtSriov.Core.Tests.Testpmd;

public sealed class TestpmdStatsParserTests
{
    private const string DistinctBlock = """
          ######################## NIC statistics for port 3  ########################
          RX-packets: 101        RX-missed: 102        RX-bytes:  103
          RX-errors: 104
          RX-nombuf:  105
          TX-packets: 106        TX-errors: 107        TX-bytes:  108

          Throughput (since last show)
          Rx-pps:          109          Rx-bps:          110
          Tx-pps:          111          Tx-bps:          112
          ############################################################################
        """;

    [Fact]
    public void TryParseLine_CapturedOutputAsBytes_EqualsIndependentRegexParse()
    {
        // Arrange
        var text = TestpmdData.ReadText(TestpmdData.NullStats);
        var expected = ReferenceStatsParser.Parse(text);

        // Act
        var samples = ParseBytes(Encoding.UTF8.GetBytes(text));

        // Assert
        Assert.NotEmpty(expected);
        Assert.Equal(expected, samples);
    }

    [Fact]
    public void TryParseLine_CapturedOutput_OneSamplePerPortBlock()
    {
        // Arrange
        var text = TestpmdData.ReadText(TestpmdData.NullStats);
        var headersPerPort = TestpmdData.ReadLines(TestpmdData.NullStats)
            .Where(l => l.Contains("NIC statistics for port", StringComparison.Ordinal))
            .GroupBy(l => l.Trim(' ', '#'))
            .ToDictionary(g => int.Parse(g.Key["NIC statistics for port ".Length..], System.Globalization.CultureInfo.InvariantCulture), g => g.Count());

        // Act
        var samplesPerPort = ParseChars(text).GroupBy(s => s.Port).ToDictionary(g => g.Key, g => g.Count());

        // Assert
        Assert.Equal(2, headersPerPort.Count);
        Assert.Equal(headersPerPort, samplesPerPort);
    }

    [Fact]
    public void TryParseLine_ByteAndCharOverloads_Agree()
    {
        // Arrange
        var lines = TestpmdData.ReadLines(TestpmdData.NullStats);
        var bytes = new TestpmdStatsParser();
        var chars = new TestpmdStatsParser();

        // Act / Assert
        foreach (var line in lines)
        {
            var fromBytes = bytes.TryParseLine(Encoding.UTF8.GetBytes(line), out var byteSample);
            var fromChars = chars.TryParseLine(line.AsSpan(), out var charSample);
            Assert.Equal(fromBytes, fromChars);
            Assert.Equal(byteSample, charSample);
        }
    }

    [Fact]
    public void TryParseLine_CrLfLineEndings_SameSamplesAsLf()
    {
        // Arrange
        var text = TestpmdData.ReadText(TestpmdData.NullStats);
        var crlf = text.Replace("\n", "\r\n", StringComparison.Ordinal);

        // Act
        var fromCrLf = ParseBytes(Encoding.UTF8.GetBytes(crlf));

        // Assert
        Assert.Equal(ReferenceStatsParser.Parse(text), fromCrLf);
    }

    [Fact]
    public void TryParseLine_BlockWithDistinctValues_MapsEveryField()
    {
        // Act
        var sample = Assert.Single(ParseChars(DistinctBlock));

        // Assert
        Assert.Equal(new ThroughputSample(3, RxPackets: 101, TxPackets: 106, RxBytes: 103, TxBytes: 108, RxMissed: 102, RxErrors: 104, TxErrors: 107, RxPps: 109, TxPps: 111, RxBps: 110, TxBps: 112), sample);
    }

    [Fact]
    public void TryParseLine_EalLinesInterleavedInBlocks_SameSamples()
    {
        // Arrange
        var text = TestpmdData.ReadText(TestpmdData.NullStats);
        var interleaved = text.Replace("  RX-errors:", "EAL: Error reading from file descriptor 23: Input/output error\n  RX-errors:", StringComparison.Ordinal);

        // Act
        var samples = ParseChars(interleaved);

        // Assert
        Assert.NotEqual(text, interleaved);
        Assert.Equal(ReferenceStatsParser.Parse(text), samples);
    }

    [Fact]
    public void TryParseLine_BlockMissingItsTxLine_DropsOnlyThatBlock()
    {
        // Arrange
        var lines = TestpmdData.ReadLines(TestpmdData.NullStats).ToList();
        var expected = ReferenceStatsParser.Parse(string.Join('\n', lines));
        lines.RemoveAt(lines.FindIndex(l => l.Contains("TX-packets:", StringComparison.Ordinal)));

        // Act
        var samples = ParseChars(string.Join('\n', lines));

        // Assert
        Assert.Equal(expected.Skip(1), samples);
    }

    [Fact]
    public void TryParseLine_BlockCutShortByForwardStatistics_DiscardsIt()
    {
        // Arrange
        var lines = DistinctBlock.Split('\n');
        var cut = string.Join('\n', lines.Take(4)) + "\n  ---------------------- Forward statistics for port 3  ----------------------\n" + string.Join('\n', lines.Skip(4));

        // Act
        var samples = ParseChars(cut + "\n" + DistinctBlock);

        // Assert
        Assert.Single(samples);
    }

    [Theory]
    [InlineData("RX-packets: 12x4       RX-missed: 0          RX-bytes:  0")]
    [InlineData("RX-packets: 99999999999999999999   RX-missed: 0          RX-bytes:  0")]
    [InlineData("RX-packets: -5         RX-missed: 0          RX-bytes:  0")]
    [InlineData("RX-packets: 5          RX-missed: 0")]
    public void TryParseLine_MalformedCounterLine_BlockIsDropped(string badLine)
    {
        // Arrange
        var lines = DistinctBlock.Split('\n');
        lines[1] = badLine;

        // Act
        var samples = ParseChars(string.Join('\n', lines));

        // Assert
        Assert.Empty(samples);
    }

    [Fact]
    public void TryParseLine_RandomGarbageThenBlock_RecoversAndParsesBlock()
    {
        // Arrange
        var garbage = new byte[64 * 1024];
        new Random(20261127).NextBytes(garbage);
        var parser = new TestpmdStatsParser();
        var garbageSamples = 0;

        // Act
        foreach (var line in SplitLines(garbage))
        {
            garbageSamples += parser.TryParseLine(line.Span, out _) ? 1 : 0;
        }

        var samples = Parse(parser, Encoding.UTF8.GetBytes(DistinctBlock));

        // Assert
        Assert.Equal(0, garbageSamples);
        Assert.Equal(3, Assert.Single(samples).Port);
    }

    [Fact]
    public void TryParseLine_VeryLongCharLine_AgreesWithBytes()
    {
        // Arrange
        var longLine = new string('é', 5000) + " NIC statistics for port 7  ###";
        var bytes = new TestpmdStatsParser();
        var chars = new TestpmdStatsParser();
        var rest = DistinctBlock.Split('\n').Skip(1).ToArray();

        // Act
        Assert.False(bytes.TryParseLine(Encoding.UTF8.GetBytes(longLine), out _));
        Assert.False(chars.TryParseLine(longLine.AsSpan(), out _));
        var fromBytes = rest.Select(l => bytes.TryParseLine(Encoding.UTF8.GetBytes(l), out var s) ? s : null).OfType<ThroughputSample>().ToList();
        var fromChars = rest.Select(l => chars.TryParseLine(l.AsSpan(), out var s) ? s : null).OfType<ThroughputSample>().ToList();

        // Assert
        Assert.Equal(7, Assert.Single(fromBytes).Port);
        Assert.Equal(fromBytes, fromChars);
    }

    private static List<ThroughputSample> ParseBytes(byte[] utf8) => Parse(new TestpmdStatsParser(), utf8);

    private static List<ThroughputSample> Parse(TestpmdStatsParser parser, byte[] utf8)
    {
        var samples = new List<ThroughputSample>();
        foreach (var line in SplitLines(utf8))
        {
            if (parser.TryParseLine(line.Span, out var sample))
            {
                samples.Add(sample);
            }
        }

        return samples;
    }

    private static List<ThroughputSample> ParseChars(string text)
    {
        var parser = new TestpmdStatsParser();
        var samples = new List<ThroughputSample>();
        foreach (var line in text.Split('\n'))
        {
            if (parser.TryParseLine(line.AsSpan(), out var sample))
            {
                samples.Add(sample);
            }
        }

        return samples;
    }

    private static IEnumerable<ReadOnlyMemory<byte>> SplitLines(byte[] utf8)
    {
        var start = 0;
        while (start < utf8.Length)
        {
            var end = Array.IndexOf(utf8, (byte)'\n', start);
            end = end < 0 ? utf8.Length : end;
            yield return utf8.AsMemory(start, end - start);
            start = end + 1;
        }
    }
}
