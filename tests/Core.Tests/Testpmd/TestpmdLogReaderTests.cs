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
    public async Task ReadAsync_FinishedRun_TotalsAreTheFinalForwardStatisticsNotTheLastSnapshot()
    {
        // Arrange
        var samples = ReferenceStatsParser.Parse(TestpmdData.ReadText(TestpmdData.NullMacFinal));

        // Act
        var summary = await TestpmdLogReader.ReadAsync(TestpmdData.StreamLines(TestpmdData.NullMacFinal), new RecordingStepLog(), TestContext.Current.CancellationToken);

        // Assert: the capture's "Forward statistics" blocks, 39,991,264 Rx / 39,991,296 Tx per port.
        Assert.True(summary.Finished);
        Assert.All(summary.Ports, p => Assert.Equal((39_991_264L, 39_991_296L), (p.RxPackets, p.TxPackets)));
        Assert.Equal(79_982_592, summary.Sent);
        Assert.Equal(79_982_528, summary.Received);
        Assert.Equal(64, summary.Lost);
        Assert.True(summary.Sent > samples.GroupBy(s => s.Port).Sum(g => g.Last().TxPackets), "the final blocks count more than the last snapshot");
        Assert.Equal("testpmd's final forward statistics", summary.TotalsSource);
        Assert.Equal(samples.Max(s => s.TxPps), summary.PeakTxPps);
        Assert.True(summary.Forwarded);
    }

    [Fact]
    public async Task ReadAsync_KilledBeforeFinalBlocks_UsesLastSnapshotAndSaysSo()
    {
        // Arrange
        var last = ReferenceStatsParser.Parse(TestpmdData.ReadText(TestpmdData.NullMacKilled)).GroupBy(s => s.Port).Select(g => g.Last()).ToList();

        // Act
        var summary = await TestpmdLogReader.ReadAsync(TestpmdData.StreamLines(TestpmdData.NullMacKilled), new RecordingStepLog(), TestContext.Current.CancellationToken);

        // Assert
        Assert.False(summary.Finished);
        Assert.Equal(last.Sum(s => s.TxPackets), summary.Sent);
        Assert.Equal("totals from the last snapshot: testpmd did not finish", summary.TotalsSource);
    }

    [Fact]
    public async Task ReadAsync_TxonlyRun_ReceivesNothingAndReadsThePacketLengthTestpmdSent()
    {
        // Act
        var summary = await TestpmdLogReader.ReadAsync(TestpmdData.StreamLines(TestpmdData.NullTxonlyFinal), new RecordingStepLog(), TestContext.Current.CancellationToken);

        // Assert: the periodic blocks count what the null PMD hands out before forwarding starts as Rx; the final block does not.
        Assert.Equal(0, summary.Received);
        Assert.Equal(206_481_408, summary.Sent);
        Assert.Equal(128, summary.PacketBytes);
        Assert.False(summary.BytesReported);
    }

    [Fact]
    public async Task ReadAsync_RealDeviceLink_EverySampleCarriesItsLineRateAndAttempt()
    {
        // Arrange: the capture's ports report "Link up at 10 Gbps"; read as if they were real VFs sending 64-byte packets.
        var log = new RecordingStepLog();
        var attempt = Guid.NewGuid();

        // Act
        var summary = await TestpmdLogReader.ReadAsync(
            TestpmdData.StreamLines(TestpmdData.NullMacFinal), log, new TestpmdReadOptions(PacketBytes: 64, TestAttempt: attempt), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(10_000, summary.LinkSpeedMbps);
        Assert.All(log.Samples, s => Assert.Equal(attempt, s.TestAttempt));
        Assert.All(log.Samples, s => Assert.Equal(100.0 * s.TxPps * (64 + 4 + 20) * 8 / 10e9, s.LineRatePercent!.Value, 6));
        Assert.Equal(log.Samples.Max(s => s.LineRatePercent), summary.PeakLineRatePercent);
    }

    [Fact]
    public async Task ReadAsync_NullDevices_NoLineRateAnywhere()
    {
        // Arrange
        var log = new RecordingStepLog();

        // Act
        var summary = await TestpmdLogReader.ReadAsync(
            TestpmdData.StreamLines(TestpmdData.NullMacFinal), log, new TestpmdReadOptions(SimulatedDevices: true, PacketBytes: 64), TestContext.Current.CancellationToken);

        // Assert
        Assert.All(log.Samples, s => Assert.Null(s.LineRatePercent));
        Assert.Null(summary.PeakLineRatePercent);
        Assert.Equal("simulated, no line rate", TestpmdResultText.LineRate(summary));
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
