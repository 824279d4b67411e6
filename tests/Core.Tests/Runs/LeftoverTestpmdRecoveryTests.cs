using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Testpmd;
using VirtSriov.TestDoubles;
using Xunit;

namespace VirtSriov.Core.Tests.Runs;

/// <summary>Real dpdk-testpmd processes on null devices, orphaned as a killed dashboard leaves them, found and stopped.</summary>
public sealed class LeftoverTestpmdRecoveryTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task OnOpenedAsync_TestpmdOfInterruptedRun_StoppedAndReportedInItsLog()
    {
        // Arrange
        SkipWithoutTestpmd();
        using var timeout = Timeout();
        var (runs, events, publisher) = Stores();
        var run = await runs.CreateAsync(Guid.NewGuid(), new RunSettings(), DateTimeOffset.UnixEpoch, timeout.Token);
        await runs.SetStatusAsync(run.Id, RunStatus.Interrupted, DateTimeOffset.UnixEpoch, timeout.Token);
        using var orphan = StartTestpmd(run.Id);
        var recovery = new LeftoverTestpmdRecovery(runs, publisher, TimeProvider.System, NullLogger<LeftoverTestpmdRecovery>.Instance);

        // Act
        await recovery.OnOpenedAsync(new FakeLab(processes: new ProcessRunner()), timeout.Token);
        await orphan.WaitForExitAsync(timeout.Token);

        // Assert
        var logged = Assert.Single(await events.ReadAsync(run.Id, 0, 100, timeout.Token));
        Assert.Equal(RunLogLevel.Warning, logged.Level);
        Assert.Contains("Stopped dpdk-testpmd", logged.Text, StringComparison.Ordinal);
        Assert.Contains(orphan.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), logged.Text, StringComparison.Ordinal);
        Assert.Contains("SIGINT", logged.Text, StringComparison.Ordinal);
        await publisher.DisposeAsync();
    }

    [Fact]
    public async Task OnOpenedAsync_TestpmdOfActiveRun_LeftRunning()
    {
        // Arrange
        SkipWithoutTestpmd();
        using var timeout = Timeout();
        var (runs, events, publisher) = Stores();
        var run = await runs.CreateAsync(Guid.NewGuid(), new RunSettings(), DateTimeOffset.UnixEpoch, timeout.Token);
        using var owned = StartTestpmd(run.Id);
        var recovery = new LeftoverTestpmdRecovery(runs, publisher, TimeProvider.System, NullLogger<LeftoverTestpmdRecovery>.Instance);

        try
        {
            // Act
            await recovery.OnOpenedAsync(new FakeLab(processes: new ProcessRunner()), timeout.Token);
            var found = await LeftoverTestpmd.FindAsync(new ProcessRunner(), timeout.Token);

            // Assert
            Assert.Contains(found, p => p.Pid == owned.Id && p.RunId == run.Id);
            Assert.False(owned.HasExited);
            Assert.Empty(await events.ReadAsync(run.Id, 0, 100, timeout.Token));
        }
        finally
        {
            owned.Kill(entireProcessTree: true);
            await owned.WaitForExitAsync(timeout.Token);
            await publisher.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("/usr/bin/dpdk-testpmd --file-prefix=virtsriov-0123456789abcdef0123456789abcdef --", true)]
    [InlineData("/usr/bin/dpdk-testpmd --file-prefix=virtsriov-0123456789ab --", false)]
    [InlineData("/usr/bin/dpdk-testpmd --file-prefix=virtsriov-lab --", false)]
    [InlineData("/usr/bin/dpdk-testpmd --file-prefix=virtsriov-0123456789abcdef0123456789abcdef0 --", false)]
    public void RunOf_CommandLine_NamesTheRunOnlyForAFullRunPrefix(string commandLine, bool named)
    {
        Assert.Equal(named ? Guid.ParseExact("0123456789abcdef0123456789abcdef", "N") : null, TestpmdFilePrefix.RunOf(commandLine));
    }

    private static (InMemoryRunStore Runs, InMemoryRunEventStore Events, RunEventPublisher Publisher) Stores()
    {
        var events = new InMemoryRunEventStore();
        return (new InMemoryRunStore(), events, new RunEventPublisher(events, new RunEventBroadcaster(), TimeProvider.System, NullLogger<RunEventPublisher>.Instance));
    }

    /// <summary>testpmd as the simulated cluster starts it, but not owned by anything that will stop it.</summary>
    private static Process StartTestpmd(Guid runId)
    {
        var process = ProcessRunner.Start(LocalTestpmd.DefaultBinaryPath, TestpmdCommandLine.ForNullDevices(TestpmdFilePrefix.ForRun(runId)));
        _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        _ = process.StandardError.BaseStream.CopyToAsync(Stream.Null);
        return process;
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
