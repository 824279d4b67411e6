namespace VirtSriov.Core.Host.Persistence;

/// <summary>
/// The host's service manager and the configuration files it reads (systemd on a real host). Paths are absolute host
/// paths, e.g. <c>/etc/systemd/system/virtsriov-vfs.service</c>.
/// </summary>
public interface IServiceManager
{
    /// <summary>True for the simulated lab: files go into the generated tree and no systemctl runs.</summary>
    bool IsSimulated { get; }

    /// <summary>The file's text, or null when it does not exist.</summary>
    Task<string?> ReadFileAsync(string path, CancellationToken cancellationToken);

    /// <summary>Creates or replaces the file (mode 0644), creating its folder.</summary>
    Task WriteFileAsync(string path, string content, CancellationToken cancellationToken);

    /// <summary>Deletes the file; nothing when it does not exist.</summary>
    Task DeleteFileAsync(string path, CancellationToken cancellationToken);

    /// <summary>Copies a program file of the dashboard's machine to the host (mode 0755 when <paramref name="executable"/>).</summary>
    Task CopyInAsync(string localFile, string path, bool executable, CancellationToken cancellationToken);

    /// <summary>Makes <paramref name="path"/> a symbolic link to <paramref name="target"/>.</summary>
    Task LinkAsync(string path, string target, CancellationToken cancellationToken);

    /// <summary>Makes the service manager read changed unit files (<c>systemctl daemon-reload</c>).</summary>
    Task ReloadAsync(CancellationToken cancellationToken);

    Task<bool> IsEnabledAsync(string unit, CancellationToken cancellationToken);

    /// <summary>Enables the unit for the targets of its [Install] section (<c>systemctl enable</c>); does not start it.</summary>
    Task EnableAsync(string unit, CancellationToken cancellationToken);

    Task DisableAsync(string unit, CancellationToken cancellationToken);
}
