using VirtSriov.Core.Steps;
using VirtSriov.Core.Testpmd;
using VirtSriov.TestDoubles;
using Xunit;

namespace VirtSriov.Core.Tests.Testpmd;

public sealed class TestpmdLogReaderTests
{
    [Fact]
    public async Task ReadAsync_CapturedRun_LogsEveryLineAsOutputAndEverySampleAsThroughput()
    {
        // Arrange
        var log = new RecordingStepLog();
        var expectedLines = File.ReadLines(TestpmdData.PathOf(TestpmdData.NullStats)).ToList();
        var expectedSamples = ReferenceStatsParser.Parse(TestpmdData.ReadText(TestpmdData.NullStats));

        // Act
        var summary = await TestpmdLogReader.ReadAsync(TestpmdData.StreamLines(TestpmdData.NullStats), log, TestContext.Current.CancellationToken);

        // Assert
        Assert.All(log.Lines, l => Assert.Equal(RunLogLevel.Output, l.Level));
        Assert.Equal(expectedLines, log.Lines.Select(l => l.Text));
        Assert.Equal(expectedSamples, log.Samples);
        Assert.Equal(expectedSamples.Count, summary.SampleCount);
    }

    [Fact]
    public async Task ReadAsync_CapturedRun_SummarisesLastCountersAndPeaksPerPort()
    {
        // Arrange
        var samples = ReferenceStatsParser.Parse(TestpmdData.ReadText(TestpmdData.NullStats));
        var expected = samples.GroupBy(s => s.Port).OrderBy(g => g.Key).Select(g => new TestpmdPortSummary(
            g.Key, g.Count(), g.Last().RxPackets, g.Last().TxPackets, g.Max(s => s.RxPps), g.Max(s => s.TxPps))).ToList();

        // Act
        var summary = await TestpmdLogReader.ReadAsync(TestpmdData.StreamLines(TestpmdData.NullStats), new RecordingStepLog(), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(expected, summary.Ports);
        Assert.Equal(expected.Max(p => p.PeakRxPps), summary.PeakRxPps);
        Assert.Empty(summary.Failures);
        Assert.True(summary.Forwarded);
    }

    [Theory]
    [InlineData(TestpmdData.NoHugepages, "HugepagesUnavailable")]
    [InlineData(TestpmdData.BogusVdev, "InvalidDevice")]
    [InlineData(TestpmdData.NoPorts, "NoProbedDevices")]
    public async Task ReadAsync_RealFailingRun_RecognisesTheFailure(string capture, string expectedCode)
    {
        // Act
        var summary = await TestpmdLogReader.ReadAsync(TestpmdData.StreamLines(capture), new RecordingStepLog(), TestContext.Current.CancellationToken);

        // Assert
        var failure = Assert.Single(summary.Failures);
        Assert.Equal(expectedCode, failure.Code);
        Assert.Contains(failure.Line, TestpmdData.ReadText(capture), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(failure.Fix));
        Assert.False(summary.Forwarded);
    }

    [Fact]
    public async Task ReadAsync_OnlyGenericEalFailure_KeepsIt()
    {
        // Arrange
        string[] lines = ["EAL: Detected CPU lcores: 2", "EAL: Error - exiting with code: 1", "  Cause: Cannot init EAL: Exec format error"];

        // Act
        var summary = await TestpmdLogReader.ReadAsync(lines.ToAsyncEnumerable(), new RecordingStepLog(), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(TestpmdFailureCatalog.EalInitFailedCode, Assert.Single(summary.Failures).Code);
    }

    [Fact]
    public async Task ReadAsync_Cancelled_Throws()
    {
        // Arrange
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        await cts.CancelAsync();

        // Act / Assert
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => TestpmdLogReader.ReadAsync(TestpmdData.StreamLines(TestpmdData.NullStats), new RecordingStepLog(), cts.Token));
    }
}
