using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using VirtSriov.Core;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Labs.Emulated;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;

namespace VirtSriov.Web.EmulatedLab;

/// <summary>
/// Runs <c>virtsriov lab-run</c> in the emulated-hardware lab (scripts/emulated-lab/run.sh: QEMU with an Intel IOMMU and
/// an igb SR-IOV NIC) as a background job, follows the guest's serial console into the job as it is written, and imports
/// the guest's result.json into the history with the CLI's own importer, so the run opens like any other.
/// </summary>
public sealed partial class EmulatedLabRunner(
    IProcessRunner processes,
    ILabStore labs,
    IRunStore runs,
    IRunEventStore events,
    IOptions<EmulatedLabOptions> options,
    IOptions<VirtSriovOptions> core,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<EmulatedLabRunner> logger) : IEmulatedLab
{
    public const string PrepareCommand = "sudo bash scripts/install-prereqs.sh --lab";

    private static readonly string[] GuestFiles = ["vmlinuz", "initrd.gz"];
    private static readonly TimeSpan TailInterval = TimeSpan.FromMilliseconds(500);
    private readonly Lock gate = new();

    public EmulatedLabJob? Current { get; private set; }

    /// <summary>The background task of the current job (for tests and orderly shutdown).</summary>
    internal Task Running { get; private set; } = Task.CompletedTask;

    public async Task<EmulatedLabReadiness> CheckAsync(CancellationToken cancellationToken)
    {
        if (ScriptsDirectory() is not { } scripts)
        {
            return new EmulatedLabReadiness(
                "scripts/emulated-lab was not found above the dashboard's folder (the dashboard runs outside a checkout of the repository).",
                $"Set {EmulatedLabOptions.Section}:ScriptsDirectory to the repository's scripts/emulated-lab.");
        }

        var cli = CliPath();
        if (!File.Exists(cli) || cli.StartsWith("/run/", StringComparison.Ordinal))
        {
            return new EmulatedLabReadiness(
                $"The virtsriov CLI is not at {cli} (or lies under /run, which the lab guest covers with a tmpfs).",
                $"dotnet publish src/Cli -c Release -o {Path.GetDirectoryName(EmulatedLabOptions.DefaultCliPath)}, or set {EmulatedLabOptions.Section}:CliPath to a published VirtSriov.Cli.dll.");
        }

        var cache = CacheDirectory();
        var missing = GuestFiles.Where(f => !File.Exists(Path.Combine(cache, f))).ToList();
        if (missing.Count > 0)
        {
            return new EmulatedLabReadiness($"The emulated lab is not prepared on this machine: {string.Join(", ", missing)} missing in {cache}.", $"{PrepareCommand} (as root; {scripts}/prepare.sh does the same).");
        }

        try
        {
            var help = await processes.RunAsync("qemu-system-x86_64", ["-device", "help"], cancellationToken).ConfigureAwait(false);
            if (!help.StandardOutput.Contains("\"igb\"", StringComparison.Ordinal))
            {
                return new EmulatedLabReadiness("qemu-system-x86_64 has no igb device (it needs QEMU 10 from bookworm-backports).", PrepareCommand);
            }
        }
        catch (ProgramNotFoundException)
        {
            return new EmulatedLabReadiness("qemu-system-x86_64 is not installed.", PrepareCommand);
        }

        return EmulatedLabReadiness.Ready;
    }

    public async Task<EmulatedLabJob> StartAsync(LabRunOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problem() is { } problem)
        {
            throw new ActionableException(problem, "Correct the emulated lab's options.", field: "EmulatedLab");
        }

        var readiness = await CheckAsync(cancellationToken).ConfigureAwait(false);
        if (!readiness.IsReady)
        {
            throw new ActionableException(readiness.Problem!, readiness.Fix ?? PrepareCommand);
        }

        lock (gate)
        {
            if (Current?.Snapshot().Status == EmulatedLabJobStatus.Running)
            {
                throw new ActionableException("An emulated lab run is already running; the machine has room for one QEMU guest at a time.", "Wait for it to finish (it takes one to three minutes).");
            }

            var started = time.GetUtcNow();
            var directory = Path.Combine(Path.GetFullPath(core.Value.DataDirectory), "emulated-lab", started.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture));
            Directory.CreateDirectory(directory);
            var job = new EmulatedLabJob(options, directory, started);
            Current = job;
            Running = Task.Run(() => RunAsync(job, lifetime.ApplicationStopping), CancellationToken.None);
            return job;
        }
    }

    private async Task RunAsync(EmulatedLabJob job, CancellationToken cancellationToken)
    {
        try
        {
            var exitCode = await RunGuestAsync(job, cancellationToken).ConfigureAwait(false);
            var resultPath = Path.Combine(job.Directory, job.Options.OutputPath);
            if (!File.Exists(resultPath))
            {
                job.Finish(null, exitCode switch
                {
                    125 => $"The emulated lab is not prepared: {PrepareCommand}.",
                    124 => $"The lab guest did not finish within {options.Value.TimeoutSeconds} s; see {job.Directory}/console.log.",
                    _ => $"run.sh exited with {exitCode} without a result; see {job.Directory}/console.log.",
                });
                return;
            }

            var json = await File.ReadAllTextAsync(resultPath, cancellationToken).ConfigureAwait(false);
            var result = await LabJson.ReadAsync(resultPath, cancellationToken).ConfigureAwait(false);
            var runId = await new LabResultImporter(labs, runs, events).ImportAsync(result, json, cancellationToken).ConfigureAwait(false);
            job.Finish(runId, result.Passed ? null : result.Error ?? "Some lab checks failed: " + string.Join(", ", result.Checks.Where(c => !c.Passed).Select(c => c.Id)));
        }
        catch (Exception ex)
        {
            // The job's own task: whatever stops it must end the job as failed, or the page would show it running forever.
            LogJobFailed(logger, ex, job.Directory);
            job.Finish(null, ex.Message);
        }
    }

    /// <summary>run.sh's exit code; meanwhile the guest console (console.log, written by QEMU) goes into the job.</summary>
    private async Task<int> RunGuestAsync(EmulatedLabJob job, CancellationToken cancellationToken)
    {
        var o = job.Options;
        string[] arguments =
        [
            $"VIRTSRIOV_LAB_TIMEOUT={options.Value.TimeoutSeconds.ToString(CultureInfo.InvariantCulture)}",
            $"VIRTSRIOV_LAB_CACHE={CacheDirectory()}",
            "bash", Path.Combine(ScriptsDirectory()!, "run.sh"), job.Directory, "--",
            "dotnet", CliPath(), "lab-run", "--pf", o.Pf, "--vfs", Invariant(o.VfCount), "--bind", Invariant(o.TestpmdVfs),
            "--testpmd-seconds", Invariant(o.TestpmdSeconds), "--testpmd-uid", Invariant(o.TestpmdUid), "--out", o.OutputPath,
        ];
        job.Append(["$ " + string.Join(' ', arguments.Skip(2))]);
        using var stopTail = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tail = TailAsync(Path.Combine(job.Directory, "console.log"), job, stopTail.Token);
        var exitCode = -1;
        try
        {
            await foreach (var line in processes.StreamLinesAsync("env", arguments, code => exitCode = code, cancellationToken).ConfigureAwait(false))
            {
                job.Append(["run.sh: " + line]);
            }
        }
        finally
        {
            await stopTail.CancelAsync().ConfigureAwait(false);
            await tail.ConfigureAwait(false);
        }

        return exitCode;
    }

    /// <summary>Follows a file that another process appends to, line by line, until cancelled; then reads what is left.</summary>
    private async Task TailAsync(string path, EmulatedLabJob job, CancellationToken cancellationToken)
    {
        long position = 0;
        var pending = new StringBuilder();
        while (true)
        {
            position = ReadNew(path, position, pending, job);
            try
            {
                await Task.Delay(TailInterval, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                ReadNew(path, position, pending, job);
                if (pending.Length > 0)
                {
                    job.Append([pending.ToString()]);
                }

                return;
            }
        }
    }

    private static long ReadNew(string path, long position, StringBuilder pending, EmulatedLabJob job)
    {
        if (!File.Exists(path))
        {
            return position;
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (file.Length <= position)
        {
            return file.Length < position ? 0 : position;
        }

        file.Position = position;
        using var reader = new StreamReader(file, Encoding.UTF8);
        pending.Append(reader.ReadToEnd());
        var text = pending.ToString();
        var end = text.LastIndexOf('\n');
        if (end >= 0)
        {
            job.Append(text[..end].Split('\n').Select(l => l.TrimEnd('\r')));
            pending.Remove(0, end + 1);
        }

        return file.Length;
    }

    /// <summary>scripts/emulated-lab: configured, else found above the dashboard's folder; null when neither.</summary>
    internal string? ScriptsDirectory()
    {
        if (options.Value.ScriptsDirectory is { Length: > 0 } configured)
        {
            return File.Exists(Path.Combine(configured, "run.sh")) ? configured : null;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "scripts", "emulated-lab");
            if (File.Exists(Path.Combine(candidate, "run.sh")))
            {
                return candidate;
            }
        }

        return null;
    }

    private string CliPath() =>
        options.Value.CliPath is { Length: > 0 } configured ? configured : EmulatedLabOptions.DefaultCliPath;

    /// <summary>As scripts/emulated-lab/lab-paths.sh: $VIRTSRIOV_LAB_CACHE, /var/cache/virtsriov-lab as root, else ~/.cache/virtsriov-lab.</summary>
    /// <summary>The lab's kernel and initramfs cache, as lab-paths.sh chooses it.</summary>
    internal string CacheDirectory() =>
        options.Value.CacheDirectory is { Length: > 0 } configured ? configured
        : Environment.GetEnvironmentVariable("VIRTSRIOV_LAB_CACHE") is { Length: > 0 } cache ? cache
        : Environment.IsPrivilegedProcess ? "/var/cache/virtsriov-lab"
        : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "virtsriov-lab");

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Emulated lab job in {Directory} failed")]
    private static partial void LogJobFailed(ILogger logger, Exception exception, string directory);
}
