using VirtSriov.Core.Processes;

namespace VirtSriov.Lab.Tests.TestSupport;

/// <summary>
/// The emulated-hardware lab on this machine (scripts/emulated-lab): prepares it when it can and says loudly why it
/// cannot. Cache folder as in lab-paths.sh: $VIRTSRIOV_LAB_CACHE, /var/cache/virtsriov-lab as root, else ~/.cache.
/// </summary>
public static class EmulatedLabHost
{
    private static readonly string[] LabFiles = ["vmlinuz", "initrd.gz"];

    public static string ScriptsDirectory { get; } = Path.Combine(VirtsriovCli.RepositoryRoot, "scripts", "emulated-lab");

    public static string CacheDirectory { get; } =
        Environment.GetEnvironmentVariable("VIRTSRIOV_LAB_CACHE") is { Length: > 0 } cache ? cache
        : Environment.IsPrivilegedProcess ? "/var/cache/virtsriov-lab"
        : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "virtsriov-lab");

    /// <summary>Null when the lab is ready (prepare.sh run as root when needed), else the reason it cannot run.</summary>
    public static async Task<string?> PrepareAsync(CancellationToken cancellationToken)
    {
        if (IsUnderGuestTmpfs(AppContext.BaseDirectory))
        {
            return $"the test binaries are in {AppContext.BaseDirectory}, which the lab guest covers with a tmpfs; build the tests outside /run";
        }

        if (Environment.IsPrivilegedProcess)
        {
            var prepare = await new ProcessRunner().RunAsync("bash", [Path.Combine(ScriptsDirectory, "prepare.sh")], cancellationToken);
            return prepare.Succeeded ? null : $"scripts/emulated-lab/prepare.sh failed ({prepare.ExitCode}): {prepare.StandardError.Trim()}";
        }

        var missing = LabFiles.Where(f => !File.Exists(Path.Combine(CacheDirectory, f))).ToList();
        if (missing.Count > 0)
        {
            return $"not root and the lab is not prepared ({string.Join(", ", missing)} missing in {CacheDirectory}): run sudo bash scripts/install-prereqs.sh --lab";
        }

        return await QemuHasIgbAsync(cancellationToken) ? null : "qemu-system-x86_64 with the igb device (QEMU >= 10, bookworm-backports) is not installed: run sudo bash scripts/install-prereqs.sh --lab";
    }

    /// <summary>Runs <c>run.sh JOBDIR -- command…</c>: the command runs in the guest with JOBDIR as its working directory.</summary>
    public static Task<ProcessResult> RunAsync(string jobDirectory, IReadOnlyList<string> guestCommand, TimeSpan guestTimeout, CancellationToken cancellationToken) =>
        new ProcessRunner().RunAsync(
            "env",
            [$"VIRTSRIOV_LAB_TIMEOUT={(int)guestTimeout.TotalSeconds}", "bash", Path.Combine(ScriptsDirectory, "run.sh"), jobDirectory, "--", .. guestCommand],
            cancellationToken);

    private static async Task<bool> QemuHasIgbAsync(CancellationToken cancellationToken)
    {
        try
        {
            var help = await new ProcessRunner().RunAsync("qemu-system-x86_64", ["-device", "help"], cancellationToken);
            return help.StandardOutput.Contains("\"igb\"", StringComparison.Ordinal);
        }
        catch (ProgramNotFoundException)
        {
            return false;
        }
    }

    private static bool IsUnderGuestTmpfs(string path) =>
        path.StartsWith("/run/", StringComparison.Ordinal);
}
