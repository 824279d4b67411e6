using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Testpmd;

/// <summary>
/// Runs the real <c>dpdk-testpmd</c> on two DPDK null devices (<see cref="TestpmdCommandLine.ForNullDevices"/>).
/// The duration counts from the moment forwarding starts, so EAL start-up does not eat into it; then testpmd gets
/// SIGINT and prints its final forward statistics. Cancelling kills it at once.
/// </summary>
public sealed class LocalTestpmd : ILocalTestpmd
{
    public const string DefaultBinaryPath = "/usr/bin/dpdk-testpmd";

    private const string ForwardingStartedMarker = "start packet forwarding";
    private static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(15);

    /// <summary>Coreutils' <c>timeout</c>: bounds testpmd's life even if the dashboard is killed and cannot stop it.</summary>
    private const string TimeoutProgram = "/usr/bin/timeout";

    /// <summary>Time EAL start-up may take before forwarding starts (the duration counts from then).</summary>
    private static readonly TimeSpan StartupAllowance = TimeSpan.FromMinutes(2);

    private readonly TimeProvider timeProvider;
    private readonly string binaryPath;

    public LocalTestpmd(TimeProvider timeProvider, string binaryPath = DefaultBinaryPath)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentException.ThrowIfNullOrWhiteSpace(binaryPath);
        this.timeProvider = timeProvider;
        this.binaryPath = binaryPath;
    }

    public async IAsyncEnumerable<string> RunAsync(string filePrefix, TimeSpan duration, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        var arguments = TestpmdCommandLine.ForNullDevices(filePrefix);
        using var process = Start(arguments, duration + StartupAllowance + StopGracePeriod);

        var lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        var forwarding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pumps = Task.WhenAll(
            PumpAsync(process.StandardOutput, lines.Writer, forwarding),
            PumpAsync(process.StandardError, lines.Writer, forwarding));
        _ = pumps.ContinueWith(_ => lines.Writer.TryComplete(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);

        using var stopping = new CancellationTokenSource();
        var stopper = StopAfterAsync(process, forwarding.Task, duration, stopping.Token);
        using var kill = cancellationToken.Register(() => TryKill(process));
        try
        {
            await foreach (var line in lines.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                yield return line;
            }

            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            // Also reached when the consumer stops early: never leave testpmd running.
            TryKill(process);
            await stopping.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(pumps, stopper).ConfigureAwait(false);
            DeleteRuntimeDirectory(filePrefix);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>
    /// Starts testpmd under <c>timeout</c>, which forwards SIGINT to it and ends it after <paramref name="lifetime"/>:
    /// a dashboard killed with -9 cannot leave it spinning forever (a parent-death signal is tied to the thread that
    /// forked, and .NET's thread pool retires threads, so it would kill testpmd at random).
    /// </summary>
    private Process Start(IReadOnlyList<string> arguments, TimeSpan lifetime)
    {
        var failedCall = CommandLine.Format(binaryPath, arguments);
        if (!File.Exists(binaryPath))
        {
            throw NotFound(failedCall, inner: null);
        }

        try
        {
            var seconds = ((long)Math.Ceiling(lifetime.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ProcessRunner.Start(TimeoutProgram, ["--kill-after=10s", seconds + "s", binaryPath, .. arguments]);
        }
        catch (ProgramNotFoundException e)
        {
            throw NotFound(failedCall, e);
        }
    }

    private ActionableException NotFound(string failedCall, Exception? inner) =>
        new(
            $"dpdk-testpmd not found at {binaryPath}",
            "apt-get install dpdk-dev (bookworm ships testpmd in dpdk-dev)",
            failedCall,
            inner: inner);

    private static async Task PumpAsync(StreamReader reader, ChannelWriter<string> writer, TaskCompletionSource forwarding)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (line.Contains(ForwardingStartedMarker, StringComparison.OrdinalIgnoreCase))
            {
                forwarding.TrySetResult();
            }

            await writer.WriteAsync(line).ConfigureAwait(false);
        }
    }

    private async Task StopAfterAsync(Process process, Task forwardingStarted, TimeSpan duration, CancellationToken cancellationToken)
    {
        try
        {
            var exited = process.WaitForExitAsync(cancellationToken);
            if (await Task.WhenAny(forwardingStarted, exited).ConfigureAwait(false) == exited)
            {
                return;
            }

            await Task.Delay(duration, timeProvider, cancellationToken).ConfigureAwait(false);
            _ = NativeMethods.Kill(process.Id, NativeMethods.SigInt);
            await Task.Delay(StopGracePeriod, timeProvider, cancellationToken).ConfigureAwait(false);
            TryKill(process);
        }
        catch (OperationCanceledException)
        {
            // The run ended before the stop was due.
        }
    }

    private static void TryKill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    /// <summary>The EAL creates a runtime directory per file prefix even with --no-shconf; remove it.</summary>
    private static void DeleteRuntimeDirectory(string filePrefix)
    {
        var root = Environment.IsPrivilegedProcess
            ? "/var/run"
            : Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } xdg ? xdg : "/tmp";
        var directory = Path.Combine(root, "dpdk", filePrefix);
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Leftover empty directory; harmless.
        }
    }
}
