using Renci.SshNet;
using Renci.SshNet.Common;
using VirtSriov.Core.Host.Persistence;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Host.Remote;

/// <summary>Configuration files on the lab's host, over SFTP; written beside and renamed over like <see cref="LocalHostFiles"/>.</summary>
public sealed class SftpHostFiles(SshConnection connection) : IHostFiles
{
    /// <summary>SSH.NET takes the mode as the octal digits read as a decimal number.</summary>
    private const short Mode0644 = 644;

    private const short Mode0755 = 755;

    public string Root => "/";

    public Task<string?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(connection.Sftp($"read {path}", sftp => sftp.Exists(path) ? sftp.ReadAllText(path) : null));
    }

    public Task WriteAsync(string path, string content, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        connection.Sftp($"write {path}", sftp =>
        {
            try
            {
                CreateFolders(sftp, Path.GetDirectoryName(path)!);
                var staging = path + ".virtsriov-new";
                sftp.WriteAllText(staging, content);
                sftp.ChangePermissions(staging, Mode0644);
                sftp.RenameFile(staging, path, isPosix: true);
                return true;
            }
            catch (SftpPermissionDeniedException e)
            {
                throw new ActionableException(
                    $"{path} could not be written on {connection.Target}: {e.Message}",
                    $"Connect as root (qemu+ssh://root@{connection.Target.Host}/system): the unit and its configuration live in /etc.",
                    failedCall: $"write {path}",
                    inner: e);
            }
        });
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        connection.Sftp($"delete {path}", sftp =>
        {
            if (sftp.Exists(path))
            {
                sftp.DeleteFile(path);
            }

            return true;
        });
        return Task.CompletedTask;
    }

    public Task CopyInAsync(string localFile, string path, bool executable, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        connection.Sftp($"copy {localFile} to {path}", sftp =>
        {
            CreateFolders(sftp, Path.GetDirectoryName(path)!);
            var staging = path + ".virtsriov-new";
            using (var source = File.OpenRead(localFile))
            {
                sftp.UploadFile(source, staging, canOverride: true);
            }

            sftp.ChangePermissions(staging, executable ? Mode0755 : Mode0644);
            sftp.RenameFile(staging, path, isPosix: true);
            return true;
        });
        return Task.CompletedTask;
    }

    public Task LinkAsync(string path, string target, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        connection.Sftp($"link {path} to {target}", sftp =>
        {
            CreateFolders(sftp, Path.GetDirectoryName(path)!);
            try
            {
                sftp.DeleteFile(path);
            }
            catch (SftpPathNotFoundException)
            {
                // Nothing to replace.
            }

            sftp.SymbolicLink(target, path);
            return true;
        });
        return Task.CompletedTask;
    }

    private static void CreateFolders(SftpClient sftp, string folder)
    {
        if (folder == "/" || sftp.Exists(folder))
        {
            return;
        }

        CreateFolders(sftp, Path.GetDirectoryName(folder)!);
        sftp.CreateDirectory(folder);
    }
}
