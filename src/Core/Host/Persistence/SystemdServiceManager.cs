using VirtSriov.Core.Processes;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Host.Persistence;

/// <summary>
/// systemd on the lab's host: its files through <see cref="IHostFiles"/> and <c>systemctl</c> through the lab's process
/// runner (this machine's or the host's over SSH). Under another root than <c>/</c>, systemctl works offline on that tree
/// (<c>--root</c>) and the running manager is left alone.
/// </summary>
public sealed class SystemdServiceManager(IHostFiles files, IProcessRunner processes) : IServiceManager
{
    private const string Systemctl = "systemctl";

    public bool IsSimulated => false;

    private bool IsHostRoot => files.Root == "/";

    public Task<string?> ReadFileAsync(string path, CancellationToken cancellationToken) => files.ReadAsync(path, cancellationToken);

    public Task WriteFileAsync(string path, string content, CancellationToken cancellationToken) => files.WriteAsync(path, content, cancellationToken);

    public Task DeleteFileAsync(string path, CancellationToken cancellationToken) => files.DeleteAsync(path, cancellationToken);

    public Task CopyInAsync(string localFile, string path, bool executable, CancellationToken cancellationToken) => files.CopyInAsync(localFile, path, executable, cancellationToken);

    public Task LinkAsync(string path, string target, CancellationToken cancellationToken) => files.LinkAsync(path, target, cancellationToken);

    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        // Without a running systemd (a chroot, a container, the emulated lab's guest) the unit files are read at the next
        // boot, which is all a boot unit needs; systemctl enable works offline there.
        if (IsHostRoot && await SystemdRunsAsync(cancellationToken).ConfigureAwait(false))
        {
            await RunAsync(["daemon-reload"], cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<bool> IsEnabledAsync(string unit, CancellationToken cancellationToken)
    {
        // is-enabled exits 0 for enabled units and 1 for disabled or missing ones.
        var result = await processes.RunAsync(Systemctl, [.. RootArguments(), "is-enabled", unit], cancellationToken).ConfigureAwait(false);
        return result.Succeeded;
    }

    public Task EnableAsync(string unit, CancellationToken cancellationToken) => RunAsync([.. RootArguments(), "enable", unit], cancellationToken);

    public Task DisableAsync(string unit, CancellationToken cancellationToken) => RunAsync([.. RootArguments(), "disable", unit], cancellationToken);

    /// <summary>systemd's own test (sd_booted): <c>/run/systemd/system</c> exists only when systemd is the running init.</summary>
    private async Task<bool> SystemdRunsAsync(CancellationToken cancellationToken) =>
        (await processes.RunAsync("test", ["-d", "/run/systemd/system"], cancellationToken).ConfigureAwait(false)).Succeeded;

    private string[] RootArguments() => IsHostRoot ? [] : [$"--root={files.Root}"];

    private async Task RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var call = $"{Systemctl} {string.Join(' ', arguments)}";
        ProcessResult result;
        try
        {
            result = await processes.RunAsync(Systemctl, arguments, cancellationToken).ConfigureAwait(false);
        }
        catch (ProgramNotFoundException e)
        {
            throw new ActionableException("systemctl was not found: the host does not run systemd.", "Recreate the VFs at boot by other means (e.g. an init script running 'virtsriov vfs-restore --config /etc/virtsriov/vfs.json').", call, inner: e);
        }

        if (!result.Succeeded)
        {
            throw new ActionableException(
                $"{call} failed (exit {result.ExitCode}): {result.StandardError.Trim()}",
                "Run the dashboard as root on the hypervisor; check 'systemctl status' and 'journalctl -xe' for the reason.",
                call);
        }
    }
}
