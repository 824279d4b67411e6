using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using VirtSriov.Core.Labs.Emulated;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Testpmd;

namespace VirtSriov.Cli.LabRun;

/// <summary>
/// Runs the real dpdk-testpmd on VFs bound to vfio-pci as an unprivileged user, the way the recipe's pod does:
/// the VFs' <c>/dev/vfio/N</c> handed to that user, memlock unlimited (<c>prlimit</c>), uid/gid dropped
/// (<c>setpriv</c>), its own <c>XDG_RUNTIME_DIR</c>, <c>--iova-mode=va</c>. The duration counts from the moment
/// forwarding starts; then testpmd gets SIGINT and prints its final statistics.
/// </summary>
public sealed class NonRootTestpmd(IProcessRunner processes, TimeProvider time, IStepLog log)
{
    public const string BinaryPath = "/usr/bin/dpdk-testpmd";

    /// <summary>testpmd's default <c>--txpkts</c>, the length of the burst <c>--tx-first</c> sends and mac forwarding then loops.</summary>
    public const int PacketBytes = 64;

    private const string ForwardingStartedMarker = "start packet forwarding";
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(20);

    /// <summary>PID and uid of the running testpmd, read while it forwards.</summary>
    public int? ObservedUid { get; private set; }

    public TimeSpan? Startup { get; private set; }

    public int? ExitCode { get; private set; }

    /// <summary>Gives <paramref name="uid"/> the VFs' vfio group devices and a runtime directory; returns that directory.</summary>
    public async Task<string> PrepareAsync(int uid, IEnumerable<int> iommuGroups, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(iommuGroups);
        var owner = string.Create(CultureInfo.InvariantCulture, $"{uid}:{uid}");
        var runtimeDirectory = Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"virtsriov-testpmd-{uid}"));
        Directory.CreateDirectory(runtimeDirectory);
        var paths = iommuGroups.Select(g => string.Create(CultureInfo.InvariantCulture, $"/dev/vfio/{g}")).Append(runtimeDirectory).ToList();
        await RunCheckedAsync("chown", [owner, .. paths], "Run lab-run as root: it hands the VFs' vfio devices to the unprivileged testpmd user.", cancellationToken);
        return runtimeDirectory;
    }

    /// <summary>The full argument list of <c>prlimit</c> that ends in testpmd with VF↔VF MAC forwarding.</summary>
    public static IReadOnlyList<string> Arguments(int uid, string runtimeDirectory, IReadOnlyList<LabVf> vfs)
    {
        ArgumentNullException.ThrowIfNull(vfs);
        var id = uid.ToString(CultureInfo.InvariantCulture);
        var lines = new List<string>
        {
            "--memlock=unlimited:unlimited",
            "setpriv", "--reuid", id, "--regid", id, "--clear-groups",
            "env", "XDG_RUNTIME_DIR=" + runtimeDirectory, "HOME=" + runtimeDirectory,
            BinaryPath, "-l", "0-1", "-n", "1", "--iova-mode=va", "--file-prefix=virtsriov-lab",
        };
        foreach (var vf in vfs)
        {
            lines.AddRange(["-a", vf.Address]);
        }

        lines.AddRange(["--", "--forward-mode=mac", "--tx-first", "--stats-period", "1", "--total-num-mbufs=8192"]);
        for (var port = 0; port < vfs.Count; port++)
        {
            var peer = vfs[(port + 1) % vfs.Count];
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"--eth-peer={port},{peer.Mac}"));
        }

        return lines;
    }

    /// <summary>How the product reads this testpmd's output: real VFs (line rate from the link speed testpmd prints), default packet length.</summary>
    public static TestpmdReadOptions ReadOptions() => new(SimulatedDevices: false, PacketBytes, Guid.NewGuid());

    /// <summary>Streams testpmd's output lines until it exits; stops it <paramref name="duration"/> after forwarding began.</summary>
    public async IAsyncEnumerable<string> RunAsync(IReadOnlyList<string> arguments, TimeSpan duration, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        log.Command("prlimit", arguments);
        var started = time.GetTimestamp();
        using var process = Start(arguments);
        var lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        var forwarding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pumps = Task.WhenAll(Pump(process.StandardOutput, lines.Writer, forwarding), Pump(process.StandardError, lines.Writer, forwarding));
        _ = pumps.ContinueWith(_ => lines.Writer.TryComplete(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var stopper = StopAfterAsync(process, forwarding.Task, started, duration, stopping.Token);
        try
        {
            await foreach (var line in lines.Reader.ReadAllAsync(cancellationToken))
            {
                yield return line;
            }

            await process.WaitForExitAsync(cancellationToken);
            ExitCode = process.ExitCode;
        }
        finally
        {
            Kill(process);
            await stopping.CancelAsync();
            await Task.WhenAll(pumps, stopper);
        }
    }

    private async Task StopAfterAsync(Process process, Task forwardingStarted, long started, TimeSpan duration, CancellationToken cancellationToken)
    {
        try
        {
            var exited = process.WaitForExitAsync(cancellationToken);
            var startupLimit = Task.Delay(StartupTimeout, time, cancellationToken);
            var first = await Task.WhenAny(forwardingStarted, exited, startupLimit);
            if (first == exited)
            {
                return;
            }

            if (first == forwardingStarted)
            {
                Startup = time.GetElapsedTime(started);
                ObservedUid = ReadUid(process.Id);
                log.Info(string.Create(CultureInfo.InvariantCulture, $"testpmd forwarding after {Startup.Value.TotalSeconds:0.0} s as uid {ObservedUid}; stopping it in {duration.TotalSeconds:0} s"));
                await Task.Delay(duration, time, cancellationToken);
            }
            else
            {
                log.Warn($"testpmd did not start forwarding within {StartupTimeout.TotalMinutes:0} min; stopping it");
            }

            await processes.RunAsync("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)], cancellationToken);
            await Task.Delay(StopGracePeriod, time, cancellationToken);
            Kill(process);
        }
        catch (OperationCanceledException)
        {
            // testpmd ended (or the run was cancelled) before the stop was due.
        }
    }

    /// <summary>The real uid from <c>/proc/PID/status</c> ("Uid: real effective saved fs").</summary>
    private static int? ReadUid(int pid)
    {
        try
        {
            var uidLine = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            var fields = uidLine?.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            return fields is { Length: > 1 } && int.TryParse(fields[1], CultureInfo.InvariantCulture, out var uid) ? uid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private async Task RunCheckedAsync(string file, IReadOnlyList<string> arguments, string fix, CancellationToken cancellationToken)
    {
        log.Command(file, arguments);
        var result = await processes.RunAsync(file, arguments, cancellationToken);
        if (!result.Succeeded)
        {
            throw new ActionableException($"{file} failed ({result.ExitCode}): {result.StandardError.Trim()}", fix, CommandLine.Format(file, arguments));
        }
    }

    private static Process Start(IReadOnlyList<string> arguments) => ProcessRunner.Start("prlimit", arguments);

    private static async Task Pump(StreamReader reader, ChannelWriter<string> writer, TaskCompletionSource forwarding)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Contains(ForwardingStartedMarker, StringComparison.OrdinalIgnoreCase))
            {
                forwarding.TrySetResult();
            }

            await writer.WriteAsync(line);
        }
    }

    private static void Kill(Process process)
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
}
