namespace VirtSriov.Core.Host.Persistence;

/// <summary>Configuration files on the lab's host (unit files, the VF restore config), by absolute host path.</summary>
public interface IHostFiles
{
    /// <summary>The folder host paths live under: <c>/</c> on a hypervisor, another folder for an offline tree.</summary>
    string Root { get; }

    /// <summary>The file's text, or null when it does not exist.</summary>
    Task<string?> ReadAsync(string path, CancellationToken cancellationToken);

    /// <summary>Creates or replaces the file (mode 0644, written beside and renamed over), creating its folder.</summary>
    Task WriteAsync(string path, string content, CancellationToken cancellationToken);

    /// <summary>Deletes the file; nothing when it does not exist.</summary>
    Task DeleteAsync(string path, CancellationToken cancellationToken);

    /// <summary>Copies a file of the dashboard's machine to the host (mode 0755 when <paramref name="executable"/>, else 0644), creating its folder.</summary>
    Task CopyInAsync(string localFile, string path, bool executable, CancellationToken cancellationToken);

    /// <summary>Makes <paramref name="path"/> a symbolic link to <paramref name="target"/>, replacing what is there.</summary>
    Task LinkAsync(string path, string target, CancellationToken cancellationToken);
}
