using VirtSriov.Core.Host;

namespace VirtSriov.TestDoubles;

/// <summary>Passes everything to an inner sysfs, records the writes, and fails the chosen write with an errno once.</summary>
public sealed class HostTestFailingSysfs(ISysfs inner, Func<string, string, bool> fails, string errno) : ISysfs, IHostTestSysfsDecorator
{
    public ISysfs Inner => inner;

    private bool failed;

    public List<(string Path, string Value)> Writes { get; } = [];

    public bool IsSimulated => inner.IsSimulated;

    public bool Exists(string path) => inner.Exists(path);

    public string ReadText(string path) => inner.ReadText(path);

    public IReadOnlyList<string> List(string directory) => inner.List(directory);

    public string? ReadLink(string path) => inner.ReadLink(path);

    public void WriteText(string path, string value)
    {
        Writes.Add((path, value));
        if (!failed && fails(path, value))
        {
            failed = true;
            throw new SysfsWriteException(path, value, errno, "injected by the test");
        }

        inner.WriteText(path, value);
    }
}
