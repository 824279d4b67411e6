using VirtSriov.Core.Host;

namespace VirtSriov.TestDoubles;

/// <summary>Hides the virtfnN links of every PF, as a PF driver that never finishes creating its VFs would.</summary>
public sealed class HostTestHidingVfsSysfs(ISysfs inner) : ISysfs, IHostTestSysfsDecorator
{
    public ISysfs Inner => inner;

    public bool IsSimulated => inner.IsSimulated;

    public bool Exists(string path) => inner.Exists(path);

    public string ReadText(string path) => inner.ReadText(path);

    public IReadOnlyList<string> List(string directory) =>
        inner.List(directory).Where(name => !name.StartsWith("virtfn", StringComparison.Ordinal)).ToList();

    public string? ReadLink(string path) => inner.ReadLink(path);

    public void WriteText(string path, string value) => inner.WriteText(path, value);
}
