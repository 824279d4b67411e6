namespace VirtSriov.Core.Host.Simulation;

/// <summary>Creates and removes the files and relative symlinks of the simulated sysfs tree, by host path.</summary>
internal sealed class SimulatedTreeWriter(RealSysfs tree)
{
    public void WriteFile(string path, string content)
    {
        var full = tree.MapPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    /// <summary>A symlink with the kernel's relative target (e.g. <c>../0000:3b:02.0</c>), replacing an older one.</summary>
    public void Link(string path, string relativeTarget)
    {
        var full = tree.MapPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        RemoveEntry(full);
        File.CreateSymbolicLink(full, relativeTarget);
    }

    /// <summary>Removes a file, a symlink (never what it points to) or a directory tree.</summary>
    public void Remove(string path) => RemoveEntry(tree.MapPath(path));

    private static void RemoveEntry(string full)
    {
        if (IsSymlink(full) || File.Exists(full))
        {
            File.Delete(full);
        }
        else if (Directory.Exists(full))
        {
            Directory.Delete(full, recursive: true);
        }
    }

    private static bool IsSymlink(string full)
    {
        try
        {
            return new FileInfo(full).LinkTarget is not null;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
