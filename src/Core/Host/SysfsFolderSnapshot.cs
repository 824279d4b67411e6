namespace VirtSriov.Core.Host;

/// <summary>
/// Folders of a sysfs as they were when read at once (<see cref="ISysfs.Snapshot"/>): inside a covered folder, entries,
/// link targets and the attributes read are answered from memory; any other path is read from <paramref name="live"/>.
/// Read-only: a write would make it stale, so writes go to the live sysfs, never through a snapshot.
/// </summary>
public sealed class SysfsFolderSnapshot(ISysfs live, IReadOnlyCollection<string> folders, IReadOnlyCollection<string> attributes) : ISysfs
{
    private readonly HashSet<string> _folders = [.. folders.Select(Trim)];
    private readonly HashSet<string> _attributes = [.. attributes];
    private readonly HashSet<string> _existingFolders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);

    public bool IsSimulated => live.IsSimulated;

    /// <summary>Records that <paramref name="folder"/> exists and was read (a folder asked for, or one found by a subfolder pattern).</summary>
    public void AddFolder(string folder)
    {
        _folders.Add(Trim(folder));
        _existingFolders.Add(Trim(folder));
    }

    /// <summary>Records an entry of a covered folder; <paramref name="linkTarget"/> as the kernel wrote it, null for a file or folder.</summary>
    public void AddEntry(string path, string? linkTarget) => _entries[path] = linkTarget;

    /// <summary>Records the text of an attribute as read (its first line, with the newline the kernel ends it with).</summary>
    public void AddText(string path, string text) => _texts[path] = text;

    public bool Exists(string path)
    {
        var trimmed = Trim(path);
        if (_folders.Contains(trimmed))
        {
            return _existingFolders.Contains(trimmed);
        }

        return Covered(trimmed) ? _entries.ContainsKey(trimmed) : live.Exists(path);
    }

    public string ReadText(string path)
    {
        if (_texts.TryGetValue(path, out var text))
        {
            return text;
        }

        if (!Covered(path) || !_attributes.Contains(Path.GetFileName(path)))
        {
            return live.ReadText(path);
        }

        return _entries.ContainsKey(path)
            ? throw new IOException($"{path} could not be read (the kernel refused the read).")
            : throw new FileNotFoundException($"{path} does not exist.", path);
    }

    public void WriteText(string path, string value) =>
        throw new InvalidOperationException($"A sysfs snapshot is read-only: write {path} through the lab's sysfs.");

    public IReadOnlyList<string> List(string directory)
    {
        var folder = Trim(directory);
        if (!_folders.Contains(folder))
        {
            return live.List(directory);
        }

        return [.. _entries.Keys.Where(p => Path.GetDirectoryName(p) == folder).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];
    }

    public string? ReadLink(string path) =>
        Covered(path) ? _entries.GetValueOrDefault(path) : live.ReadLink(path);

    private bool Covered(string path) => Path.GetDirectoryName(path) is { } parent && _folders.Contains(parent);

    private static string Trim(string folder) => folder.Length > 1 ? folder.TrimEnd('/') : folder;
}
