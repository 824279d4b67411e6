using VirtSriov.Core.Processes;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Host.Persistence;

/// <summary>
/// systemd on the host: files under a root folder (<c>/</c> on a real host) and <c>systemctl</c> through the process
/// runner. Under another root, systemctl works offline on that tree (<c>--root</c>) and the running manager is left alone.
/// </summary>
public sealed class SystemdServiceManager(string root, IProcessRunner processes) : IServiceManager
{
    private const string Systemctl = "systemctl";

    private readonly RealSysfs files = new(root);

    public bool IsSimulated => false;

    private bool IsHostRoot => files.Root == "/";

    public async Task<string?> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        var full = files.MapPath(path);
        return File.Exists(full) ? await File.ReadAllTextAsync(full, cancellationToken).ConfigureAwait(false) : null;
    }

    public async Task WriteFileAsync(string path, string content, CancellationToken cancellationToken)
    {
        var full = files.MapPath(path);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);

            // Written beside and renamed over, so a crash never leaves a half-written unit for the next boot.
            var staging = full + ".virtsriov-new";
            await File.WriteAllTextAsync(staging, content, cancellationToken).ConfigureAwait(false);
            File.SetUnixFileMode(staging, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            File.Move(staging, full, overwrite: true);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ActionableException(
                $"{path} could not be written: {e.Message}",
                "Run the dashboard (or virtsriov) as root on the hypervisor: the unit and its configuration live in /etc.",
                failedCall: $"write {path}",
                inner: e);
        }
    }

    public Task DeleteFileAsync(string path, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        File.Delete(files.MapPath(path));
        return Task.CompletedTask;
    }

    public Task ReloadAsync(CancellationToken cancellationToken) =>
        IsHostRoot ? RunAsync(["daemon-reload"], cancellationToken) : Task.CompletedTask;

    public async Task<bool> IsEnabledAsync(string unit, CancellationToken cancellationToken)
    {
        // is-enabled exits 0 for enabled units and 1 for disabled or missing ones.
        var result = await processes.RunAsync(Systemctl, [.. RootArguments(), "is-enabled", unit], cancellationToken).ConfigureAwait(false);
        return result.Succeeded;
    }

    public Task EnableAsync(string unit, CancellationToken cancellationToken) => RunAsync([.. RootArguments(), "enable", unit], cancellationToken);

    public Task DisableAsync(string unit, CancellationToken cancellationToken) => RunAsync([.. RootArguments(), "disable", unit], cancellationToken);

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
