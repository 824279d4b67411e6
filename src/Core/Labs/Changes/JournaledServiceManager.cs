using VirtSriov.Core.Host.Persistence;

namespace VirtSriov.Core.Labs.Changes;

/// <summary>The host's service manager with every file write, delete, reload, enable and disable recorded.</summary>
internal sealed class JournaledServiceManager(IServiceManager inner, ChangeRecorder changes) : IServiceManager
{
    public bool IsSimulated => inner.IsSimulated;

    public Task<string?> ReadFileAsync(string path, CancellationToken cancellationToken) => inner.ReadFileAsync(path, cancellationToken);

    public Task WriteFileAsync(string path, string content, CancellationToken cancellationToken) =>
        changes.RecordAsync($"write {content.Length} characters to {path}", () => inner.WriteFileAsync(path, content, cancellationToken));

    public Task DeleteFileAsync(string path, CancellationToken cancellationToken) =>
        changes.RecordAsync("delete " + path, () => inner.DeleteFileAsync(path, cancellationToken));

    public Task CopyInAsync(string localFile, string path, bool executable, CancellationToken cancellationToken) =>
        changes.RecordAsync($"copy {localFile} to {path}", () => inner.CopyInAsync(localFile, path, executable, cancellationToken));

    public Task LinkAsync(string path, string target, CancellationToken cancellationToken) =>
        changes.RecordAsync($"link {path} to {target}", () => inner.LinkAsync(path, target, cancellationToken));

    public Task ReloadAsync(CancellationToken cancellationToken) =>
        changes.RecordAsync("reload the service manager (systemctl daemon-reload)", () => inner.ReloadAsync(cancellationToken));

    public Task<bool> IsEnabledAsync(string unit, CancellationToken cancellationToken) => inner.IsEnabledAsync(unit, cancellationToken);

    public Task EnableAsync(string unit, CancellationToken cancellationToken) =>
        changes.RecordAsync("enable " + unit, () => inner.EnableAsync(unit, cancellationToken));

    public Task DisableAsync(string unit, CancellationToken cancellationToken) =>
        changes.RecordAsync("disable " + unit, () => inner.DisableAsync(unit, cancellationToken));
}
