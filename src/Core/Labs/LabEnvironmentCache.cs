using System.Collections.Concurrent;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Labs;

/// <summary>
/// Keeps one open environment per lab (one libvirt connection, one cluster client) for the life of the app.
/// </summary>
public sealed class LabEnvironmentCache(ILabEnvironmentFactory factory, IEnumerable<ILabEnvironmentOpened>? opened = null) : IAsyncDisposable
{
    private readonly IReadOnlyList<ILabEnvironmentOpened> _opened = [.. opened ?? []];

    private readonly ConcurrentDictionary<Guid, Lazy<Task<ILabEnvironment>>> _environments = new();

    public async Task<ILabEnvironment> GetAsync(LabDefinition lab, CancellationToken cancellationToken)
    {
        var entry = _environments.GetOrAdd(lab.Id, _ => new Lazy<Task<ILabEnvironment>>(() => OpenAsync(lab)));
        try
        {
            return await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (entry.Value.IsFaulted)
        {
            // A lab that failed to open (bad URI, unreachable) is retried on the next call.
            _environments.TryRemove(new(lab.Id, entry));
            if (e is ActionableException or OutOfMemoryException)
            {
                throw;
            }

            throw new ActionableException(
                $"Lab '{lab.Name}' cannot be opened: {e.GetType().Name}: {e.Message}",
                "Check the lab's sysfs root and libvirt URI on the Labs page, and that libvirtd runs on the host.",
                field: "LabId",
                inner: e);
        }
    }

    private async Task<ILabEnvironment> OpenAsync(LabDefinition lab)
    {
        var environment = await factory.CreateAsync(lab, CancellationToken.None).ConfigureAwait(false);
        foreach (var handler in _opened)
        {
            await handler.OnOpenedAsync(environment, CancellationToken.None).ConfigureAwait(false);
        }

        return environment;
    }

    /// <summary>Closes the lab's environment so the next use reopens it (after its settings changed).</summary>
    public async Task EvictAsync(Guid labId)
    {
        if (_environments.TryRemove(labId, out var entry) && entry.IsValueCreated && entry.Value.IsCompletedSuccessfully)
        {
            await entry.Value.Result.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var id in _environments.Keys)
        {
            await EvictAsync(id).ConfigureAwait(false);
        }
    }
}
