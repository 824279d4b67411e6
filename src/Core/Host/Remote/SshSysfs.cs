using Renci.SshNet;
using Renci.SshNet.Common;
using VirtSriov.Core.Processes;

namespace VirtSriov.Core.Host.Remote;

/// <summary>
/// The lab host's filesystem over SSH, under a root folder on that host (<c>/</c> for a hypervisor). Reads, listings
/// and links go through SFTP (one round trip each, no process started); writes run <c>dd</c> on the host, because
/// SFTP reports every kernel errno other than ENOENT and EACCES as "Failure", and the steps need EBUSY, ERANGE, EINVAL.
/// </summary>
public sealed class SshSysfs(SshConnection connection, string root = "/") : ISysfs
{
    public bool IsSimulated => false;

    public bool Exists(string path)
    {
        var full = MapPath(path);
        return connection.Sftp($"stat {full}", sftp => sftp.Exists(full));
    }

    public string ReadText(string path)
    {
        var full = MapPath(path);
        return connection.Sftp($"read {full}", sftp => Translate(full, () => sftp.ReadAllText(full)));
    }

    public void WriteText(string path, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var full = MapPath(path);

        // One write() of the whole value, into the existing attribute only (nocreat, notrunc), as RealSysfs does.
        var command = $"printf '%s' {ShellQuote.Quote(value)} | dd of={ShellQuote.Quote(full)} bs=4096 conv=notrunc,nocreat status=none";
        var result = connection.Run($"write {full}", client =>
        {
            using var run = client.CreateCommand(command);
            run.Execute();
            return new ProcessResult(SshProcessRunner.ExitCode(run), run.Result, run.Error);
        });

        if (!result.Succeeded)
        {
            // dd ends its message with the kernel's strerror: "dd: error writing '/sys/…': Device or resource busy".
            var message = result.StandardError.Trim();
            var errno = LinuxErrno.NameOf(message[(message.LastIndexOf(": ", StringComparison.Ordinal) + 1)..]);
            throw new SysfsWriteException(path, value, errno, LinuxErrno.Describe(errno));
        }
    }

    public IReadOnlyList<string> List(string directory)
    {
        var full = MapPath(directory);
        return connection.Sftp($"list {full}", sftp =>
        {
            try
            {
                return (IReadOnlyList<string>)[.. sftp.ListDirectory(full).Select(f => f.Name).Where(n => n is not "." and not "..").Order(StringComparer.Ordinal)];
            }
            catch (SftpPathNotFoundException)
            {
                return [];
            }
        });
    }

    /// <summary>
    /// SFTP's realpath follows the link; the target is returned relative to the link's folder, as the kernel writes
    /// sysfs links (<c>../0000:3b:02.0</c>, <c>../../../bus/pci/drivers/vfio-pci</c>).
    /// </summary>
    public string? ReadLink(string path)
    {
        var full = MapPath(path);
        return connection.Sftp($"readlink {full}", sftp =>
        {
            var folder = Canonical(sftp, Path.GetDirectoryName(full)!);
            var target = Canonical(sftp, full);
            if (folder is null || target is null || target == $"{folder.TrimEnd('/')}/{Path.GetFileName(full)}")
            {
                return null;
            }

            return Path.GetRelativePath(folder, target);
        });
    }

    private string MapPath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!path.StartsWith('/') || path.Split('/').Any(segment => segment == ".."))
        {
            throw new ArgumentException($"'{path}' is not an absolute host path without '..'.", nameof(path));
        }

        return root == "/" ? path : root.TrimEnd('/') + path;
    }

    /// <summary>The path with every link resolved, or null when it does not exist.</summary>
    private static string? Canonical(SftpClient sftp, string path)
    {
        try
        {
            return sftp.Get(path).FullName;
        }
        catch (SftpPathNotFoundException)
        {
            return null;
        }
    }

    /// <summary>SFTP's errors as the ones <see cref="RealSysfs"/> throws, so callers catch the same exceptions.</summary>
    private static T Translate<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (SftpPathNotFoundException e)
        {
            throw new FileNotFoundException($"{path} does not exist on the host.", path, e);
        }
        catch (SftpPermissionDeniedException e)
        {
            throw new UnauthorizedAccessException($"{path}: permission denied on the host.", e);
        }
        catch (SshException e) when (e is not SshConnectionException)
        {
            throw new IOException($"{path} could not be read on the host: {e.Message}", e);
        }
    }
}
