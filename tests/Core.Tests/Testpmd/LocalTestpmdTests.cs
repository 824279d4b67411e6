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
        var summary = await TestpmdLogReader.ReadAsync(testpmd.RunAsync(TestpmdFilePrefix.Unowned(), TimeSpan.FromSeconds(3), timeout.Token), log, timeout.Token);

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
    public async Task RunAsync_WhileForwarding_TestpmdRunsUnderABoundedLifetime()
    {
        SkipWithoutTestpmd();
        var testpmd = new LocalTestpmd(TimeProvider.System);
        using var timeout = Timeout();
        string? parent = null;

        await foreach (var line in testpmd.RunAsync(TestpmdFilePrefix.Unowned(), TimeSpan.FromSeconds(2), timeout.Token))
        {
            if (parent is null && line.Contains("start packet forwarding", StringComparison.OrdinalIgnoreCase))
            {
                parent = ParentOfOurTestpmd();
            }
        }

        // A dashboard killed with -9 leaves testpmd to `timeout`, which ends it after duration + allowances.
        Assert.NotNull(parent);
        Assert.StartsWith("/usr/bin/timeout\0--kill-after=10s\0", parent, StringComparison.Ordinal);
    }

    /// <summary>The command line of the parent of this process's testpmd (found by its virtsriov- file prefix).</summary>
    private static string? ParentOfOurTestpmd()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
                if (!cmdline.Contains("dpdk-testpmd", StringComparison.Ordinal) || !cmdline.Contains("--file-prefix=virtsriov-", StringComparison.Ordinal))
                {
                    continue;
                }

                var ppid = File.ReadAllLines(Path.Combine(dir, "status")).Single(l => l.StartsWith("PPid:", StringComparison.Ordinal))[5..].Trim();
                var parentCmdline = File.ReadAllText($"/proc/{ppid}/cmdline");
                var grandparent = File.ReadAllLines($"/proc/{ppid}/status").Single(l => l.StartsWith("PPid:", StringComparison.Ordinal))[5..].Trim();
                if (grandparent == Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture))
                {
                    return parentCmdline;
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        return null;
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
        await foreach (var line in testpmd.RunAsync(TestpmdFilePrefix.Unowned(), duration, timeout.Token))
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
            await foreach (var line in testpmd.RunAsync(TestpmdFilePrefix.Unowned(), TimeSpan.FromHours(1), cancel.Token))
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
            await foreach (var _ in testpmd.RunAsync(TestpmdFilePrefix.Unowned(), TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken))
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
