using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Host.Persistence;

/// <summary>Files on this machine under a root folder (<c>/</c> when the dashboard runs on the hypervisor).</summary>
public sealed class LocalHostFiles(string root) : IHostFiles
{
    private readonly RealSysfs _paths = new(root);

    public string Root => _paths.Root;

    public async Task<string?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var full = _paths.MapPath(path);
        return File.Exists(full) ? await File.ReadAllTextAsync(full, cancellationToken).ConfigureAwait(false) : null;
    }

    public async Task WriteAsync(string path, string content, CancellationToken cancellationToken)
    {
        var full = _paths.MapPath(path);
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

    public Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        File.Delete(_paths.MapPath(path));
        return Task.CompletedTask;
    }

    public Task CopyInAsync(string localFile, string path, bool executable, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var full = _paths.MapPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var staging = full + ".virtsriov-new";
        File.Copy(localFile, staging, overwrite: true);
        File.SetUnixFileMode(staging, executable ? Mode0755 : Mode0644);
        File.Move(staging, full, overwrite: true);
        return Task.CompletedTask;
    }

    public Task LinkAsync(string path, string target, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var full = _paths.MapPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.Delete(full);
        File.CreateSymbolicLink(full, target);
        return Task.CompletedTask;
    }

    private const UnixFileMode Mode0644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const UnixFileMode Mode0755 = Mode0644 | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
}
