using System.Runtime.InteropServices;

namespace VirtSriov.Core;

/// <summary>
/// Keeps the data folder (database, WAL, Data Protection keys, simulated lab) readable by its owner only: the process
/// creates files 0600 and folders 0700 (umask 077), and what an earlier version left wider is narrowed at start.
/// </summary>
public static partial class PrivateDataFolder
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The folder of the Data Protection key ring inside the data folder.</summary>
    public const string KeysFolder = "keys";

    public static void Secure(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        _ = Umask(0x3F); // 077: no group or other bits on anything this process creates from now on.
        Directory.CreateDirectory(dataDirectory, FolderMode);
        Directory.CreateDirectory(Path.Combine(dataDirectory, KeysFolder), FolderMode);
        Narrow(dataDirectory);
    }

    /// <summary>Sets owner-only modes on the folder's own entries and the key ring; symbolic links are left alone.</summary>
    private static void Narrow(string dataDirectory)
    {
        var folders = new[] { dataDirectory, Path.Combine(dataDirectory, KeysFolder) };
        foreach (var folder in folders)
        {
            File.SetUnixFileMode(folder, FolderMode);
            foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos())
            {
                if (entry.LinkTarget is not null)
                {
                    continue;
                }

                var wanted = entry is DirectoryInfo ? FolderMode : FileMode;
                if ((entry.UnixFileMode & ~wanted) != 0)
                {
                    entry.UnixFileMode &= wanted;
                }
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial uint Umask(uint mask);
}
