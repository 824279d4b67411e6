namespace VirtSriov.Core.Host;

/// <summary>
/// The host filesystem seen by the step logic, rooted at a configurable folder (<c>/</c> on a real host).
/// Paths are absolute as on the host (e.g. <c>/sys/bus/pci/devices/0000:3b:00.0/sriov_numvfs</c>).
/// Writes fail like the kernel's: <see cref="SysfsWriteException"/> with the errno name (EBUSY, ERANGE, EINVAL…).
/// </summary>
public interface ISysfs
{
    /// <summary>True for the generated tree of the simulated lab.</summary>
    bool IsSimulated { get; }

    bool Exists(string path);

    string ReadText(string path);

    void WriteText(string path, string value);

    /// <summary>Names of the entries of a directory (not full paths); empty when it does not exist.</summary>
    IReadOnlyList<string> List(string directory);

    /// <summary>Target of a symlink as the kernel shows it (e.g. <c>../0000:3b:02.0</c>), or null.</summary>
    string? ReadLink(string path);

    /// <summary>
    /// A read-only view of <paramref name="folders"/> taken at once: whether each exists, its entries, its links' targets
    /// and the text of its <paramref name="attributes"/> (file names); also of the folders that
    /// <paramref name="subfolders"/> (patterns relative to each folder, e.g. <c>net/*</c>, <c>virtfn*</c>) match, a link
    /// seen as the folder it points to. Paths outside these folders are read from this sysfs. One round trip on a remote
    /// host; where reads are cheap (this machine, a simulation) the sysfs itself.
    /// </summary>
    ISysfs Snapshot(IReadOnlyList<string> folders, IReadOnlyList<string> attributes, IReadOnlyList<string> subfolders) => this;

    /// <summary>
    /// Writes in order, each as <see cref="WriteText"/> would, and stops at the first the kernel refuses
    /// (<see cref="SysfsWriteException"/> naming it; the writes before it were made, the ones after it were not).
    /// One round trip on a remote host.
    /// </summary>
    void WriteAll(IReadOnlyList<SysfsWrite> writes)
    {
        ArgumentNullException.ThrowIfNull(writes);
        foreach (var write in writes)
        {
            WriteText(write.Path, write.Value);
        }
    }
}
