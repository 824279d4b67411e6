using System.Text;

namespace VirtSriov.Core.Host;

/// <summary>
/// The host filesystem under a root folder (<c>/</c> on a real host): every absolute path is the same path under the root.
/// Writes open the existing attribute for writing (never create or truncate) and surface the kernel's errno.
/// </summary>
public sealed class RealSysfs : ISysfs
{
    public RealSysfs(string root = "/")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    public bool IsSimulated => false;

    public bool Exists(string path)
    {
        var full = MapPath(path);
        return File.Exists(full) || Directory.Exists(full);
    }

    public string ReadText(string path) => File.ReadAllText(MapPath(path));

    public void WriteText(string path, string value)
    {
        var full = MapPath(path);
        try
        {
            using var handle = File.OpenHandle(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            RandomAccess.Write(handle, Encoding.ASCII.GetBytes(value), 0);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var errno = ErrnoName(ex);
            throw new SysfsWriteException(path, value, errno, LinuxErrno.Describe(errno));
        }
    }

    public IReadOnlyList<string> List(string directory)
    {
        var full = MapPath(directory);
        return Directory.Exists(full)
            ? Directory.EnumerateFileSystemEntries(full).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];
    }

    public string? ReadLink(string path)
    {
        try
        {
            return new FileInfo(MapPath(path)).LinkTarget;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The real location of a host path under <see cref="Root"/>; refuses relative paths and <c>..</c>.</summary>
    public string MapPath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!path.StartsWith('/') || path.Split('/').Any(segment => segment == ".."))
        {
            throw new ArgumentException($"'{path}' is not an absolute host path without '..'.", nameof(path));
        }

        return Root == "/" ? path : Path.Join(Root, path);
    }

    /// <summary>
    /// .NET on Linux keeps the raw errno in <see cref="Exception.HResult"/> of a plain IOException, turns ENOENT into
    /// FileNotFound/DirectoryNotFound and EACCES/EPERM into UnauthorizedAccessException (with the IOException inside).
    /// </summary>
    private static string ErrnoName(Exception ex) => ex switch
    {
        FileNotFoundException or DirectoryNotFoundException => "ENOENT",
        UnauthorizedAccessException { InnerException: IOException inner } when IsErrno(inner.HResult) => LinuxErrno.Name(inner.HResult),
        UnauthorizedAccessException => "EACCES",
        _ when IsErrno(ex.HResult) => LinuxErrno.Name(ex.HResult),
        _ => "EIO",
    };

    private static bool IsErrno(int hresult) => hresult is > 0 and < 4096;
}
