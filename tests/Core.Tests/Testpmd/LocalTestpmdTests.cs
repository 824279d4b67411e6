using Microsoft.Extensions.Time.Testing;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Testpmd;
using VirtSriov.TestDoubles;
using Xunit;

namespace VirtSriov.Core.Tests.Testpmd;

public sealed class LocalTestpmdTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task RunAsync_RealTestpmdForThreeSeconds_ParsesIncreasingStatisticsForBothPorts()
    {
        // Arrange
        SkipWithoutTestpmd();
        var testpmd = new LocalTestpmd(TimeProvider.System);
        var log = new RecordingStepLog();
        using var timeout = Timeout();

        // Act
        var summary = await TestpmdLogReader.ReadAsync(testpmd.RunAsync(TimeSpan.FromSeconds(3), timeout.Token), log, timeout.Token);

        // Assert
        Assert.Empty(summary.Failures);
        Assert.Equal([0, 1], summary.Ports.Select(p => p.Port));
        foreach (var port in log.Samples.GroupBy(s => s.Port))
        {
            var samples = port.ToList();
            Assert.True(samples.Count >= 2, $"port {port.Key}: {samples.Count} samples");
            Assert.All(samples.Zip(samples.Skip(1)), pair => Assert.True(pair.Second.RxPackets > pair.First.RxPackets));
            Assert.All(samples.Zip(samples.Skip(1)), pair => Assert.True(pair.Second.TxPackets > pair.First.TxPackets));
        }

        // SIGINT, not a kill: testpmd printed its final statistics and exited by itself.
        Assert.Contains(log.Lines, l => l.Text.Contains("Accumulated forward statistics", StringComparison.Ordinal));
        Assert.Contains(log.Lines, l => l.Text.StartsWith("Bye", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_DurationNotYetElapsed_KeepsForwardingUntilTimeAdvances()
    {
        // Arrange
        SkipWithoutTestpmd();
        var time = new FakeTimeProvider();
        var duration = TimeSpan.FromMinutes(1);
        var testpmd = new LocalTestpmd(time);
        var parser = new TestpmdStatsParser();
        var samplesBeforeAdvance = 0;
        var linesAfterStop = new List<string>();
        using var timeout = Timeout();

        // Act: without advancing the fake clock testpmd keeps printing; advance once three blocks arrived.
        await foreach (var line in testpmd.RunAsync(duration, timeout.Token))
        {
            if (samplesBeforeAdvance < 3 && parser.TryParseLine(line.AsSpan(), out _) && ++samplesBeforeAdvance == 3)
            {
                time.Advance(duration);
            }
            else if (samplesBeforeAdvance == 3)
            {
                linesAfterStop.Add(line);
            }
        }

        // Assert
        Assert.Equal(3, samplesBeforeAdvance);
        Assert.Contains(linesAfterStop, l => l.Contains("Telling cores to stop", StringComparison.Ordinal));
        Assert.Contains(linesAfterStop, l => l.StartsWith("Bye", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_Cancelled_KillsTestpmdAndThrows()
    {
        // Arrange
        SkipWithoutTestpmd();
        var testpmd = new LocalTestpmd(new FakeTimeProvider());
        using var timeout = Timeout();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var lines = new List<string>();

        // Act
        var run = async () =>
        {
            await foreach (var line in testpmd.RunAsync(TimeSpan.FromHours(1), cancel.Token))
            {
                lines.Add(line);
                if (line.Contains("Port statistics", StringComparison.Ordinal))
                {
                    await cancel.CancelAsync();
                }
            }
        };

        // Assert
        await Assert.ThrowsAnyAsync<OperationCanceledException>(run);
        Assert.False(timeout.IsCancellationRequested, "testpmd did not stop after cancellation");
        Assert.DoesNotContain(lines, l => l.StartsWith("Bye", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_BinaryMissing_ThrowsActionableWithInstallFix()
    {
        // Arrange
        var testpmd = new LocalTestpmd(TimeProvider.System, "/nonexistent/dpdk-testpmd");

        // Act
        var error = await Assert.ThrowsAsync<ActionableException>(async () =>
        {
            await foreach (var _ in testpmd.RunAsync(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken))
            {
            }
        });

        // Assert
        Assert.Contains("dpdk-testpmd not found", error.Message, StringComparison.Ordinal);
        Assert.Contains("dpdk-dev", error.Fix, StringComparison.Ordinal);
        Assert.StartsWith("/nonexistent/dpdk-testpmd --no-huge", error.FailedCall, StringComparison.Ordinal);
    }

    private static CancellationTokenSource Timeout()
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(TestTimeout);
        return cts;
    }

    private static void SkipWithoutTestpmd() =>
        Assert.SkipUnless(
            File.Exists(LocalTestpmd.DefaultBinaryPath),
            $"SKIPPED: {LocalTestpmd.DefaultBinaryPath} is not installed; install dpdk-dev to run testpmd tests against the real binary.");
}
