namespace VirtSriov.Core.Host.Persistence;

/// <summary>
/// SIMULATION of systemd for the simulated lab: unit files go into the generated tree, and enabling a unit makes the
/// <c>&lt;target&gt;.wants/</c> symlinks that <c>systemctl enable</c> makes on disk. No systemctl runs; reload does nothing.
/// </summary>
public sealed class SimulatedServiceManager(string root) : IServiceManager
{
    private const string UnitFolder = "/etc/systemd/system";

    private readonly RealSysfs tree = new(root);

    public bool IsSimulated => true;

    public async Task<string?> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        var full = tree.MapPath(path);
        return File.Exists(full) ? await File.ReadAllTextAsync(full, cancellationToken).ConfigureAwait(false) : null;
    }

    public async Task WriteFileAsync(string path, string content, CancellationToken cancellationToken)
    {
        var full = tree.MapPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllTextAsync(full, content, cancellationToken).ConfigureAwait(false);
    }

    public Task DeleteFileAsync(string path, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        File.Delete(tree.MapPath(path));
        return Task.CompletedTask;
    }

    public Task CopyInAsync(string localFile, string path, bool executable, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var full = tree.MapPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.Copy(localFile, full, overwrite: true);
        return Task.CompletedTask;
    }

    public Task LinkAsync(string path, string target, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var full = tree.MapPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.Delete(full);
        File.CreateSymbolicLink(full, target);
        return Task.CompletedTask;
    }

    public Task ReloadAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<bool> IsEnabledAsync(string unit, CancellationToken cancellationToken)
    {
        var targets = await WantedByAsync(unit, cancellationToken).ConfigureAwait(false);
        return targets.Count > 0 && targets.All(target => File.Exists(tree.MapPath(WantsLink(target, unit))));
    }

    public async Task EnableAsync(string unit, CancellationToken cancellationToken)
    {
        var targets = await WantedByAsync(unit, cancellationToken).ConfigureAwait(false);
        if (targets.Count == 0)
        {
            throw new InvalidOperationException($"{unit} has no [Install] WantedBy= (simulated systemctl enable).");
        }

        foreach (var target in targets)
        {
            var link = tree.MapPath(WantsLink(target, unit));
            Directory.CreateDirectory(Path.GetDirectoryName(link)!);
            File.Delete(link);
            File.CreateSymbolicLink(link, $"../{unit}");
        }
    }

    public async Task DisableAsync(string unit, CancellationToken cancellationToken)
    {
        foreach (var target in await WantedByAsync(unit, cancellationToken).ConfigureAwait(false))
        {
            File.Delete(tree.MapPath(WantsLink(target, unit)));
        }
    }

    private static string WantsLink(string target, string unit) => $"{UnitFolder}/{target}.wants/{unit}";

    private async Task<IReadOnlyList<string>> WantedByAsync(string unit, CancellationToken cancellationToken) =>
        await ReadFileAsync($"{UnitFolder}/{unit}", cancellationToken).ConfigureAwait(false) is { } text ? UnitFile.WantedBy(text) : [];
}
