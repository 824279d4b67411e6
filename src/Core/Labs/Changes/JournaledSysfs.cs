using VirtSriov.Core.Host;

namespace VirtSriov.Core.Labs.Changes;

/// <summary>The lab's sysfs with every write recorded in the change journal.</summary>
internal sealed class JournaledSysfs(ISysfs inner, ChangeRecorder changes) : ISysfs
{
    public bool IsSimulated => inner.IsSimulated;

    public bool Exists(string path) => inner.Exists(path);

    public string ReadText(string path) => inner.ReadText(path);

    public void WriteText(string path, string value) => changes.Record($"write {value.Trim()} to {path}", () => inner.WriteText(path, value));

    public IReadOnlyList<string> List(string directory) => inner.List(directory);

    public string? ReadLink(string path) => inner.ReadLink(path);
}
