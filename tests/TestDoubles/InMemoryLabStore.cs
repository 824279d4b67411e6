using VirtSriov.Core.Labs;

namespace VirtSriov.TestDoubles;

/// <summary>Labs and their kubeconfigs in memory (the SQLite store is tested in Data.Tests).</summary>
public sealed class InMemoryLabStore : ILabStore
{
    private readonly Lock _gate = new();
    private readonly List<LabDefinition> _labs = [];

    public Dictionary<Guid, string> Kubeconfigs { get; } = [];

    public static LabDefinition Simulated(string name = "Simulated lab") =>
        new(Guid.NewGuid(), name, LabKind.Simulated, "/sim", FakeHypervisor.DefaultUri, true, DateTimeOffset.UnixEpoch);

    public LabDefinition Add(LabDefinition lab)
    {
        lock (_gate)
        {
            _labs.Add(lab);
        }

        return lab;
    }

    public Task<IReadOnlyList<LabDefinition>> ListAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<LabDefinition>>([.. _labs]);
        }
    }

    public Task<LabDefinition?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_labs.FirstOrDefault(l => l.Id == id));
        }
    }

    public Task<LabDefinition> AddAsync(string name, LabKind kind, string sysfsRoot, string libvirtUri, CancellationToken cancellationToken) =>
        Task.FromResult(Add(new LabDefinition(Guid.NewGuid(), name, kind, sysfsRoot, libvirtUri, false, DateTimeOffset.UnixEpoch)));

    public Task SetKubeconfigAsync(Guid labId, string kubeconfigYaml, CancellationToken cancellationToken)
    {
        Kubeconfigs[labId] = kubeconfigYaml;
        return Task.CompletedTask;
    }

    public Task SetAllowsProgramOptionsAsync(Guid labId, bool allowed, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var at = _labs.FindIndex(l => l.Id == labId);
            _labs[at] = _labs[at] with { AllowsProgramOptions = allowed };
        }

        return Task.CompletedTask;
    }

    public Task<string?> GetKubeconfigAsync(Guid labId, CancellationToken cancellationToken) => Task.FromResult(Kubeconfigs.GetValueOrDefault(labId));

    public Task<LabDefinition?> UpdateAsync(Guid id, string name, string sysfsRoot, string libvirtUri, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var index = _labs.FindIndex(l => l.Id == id);
            if (index < 0)
            {
                return Task.FromResult<LabDefinition?>(null);
            }

            _labs[index] = _labs[index] with { Name = name, SysfsRoot = sysfsRoot, LibvirtUri = libvirtUri };
            return Task.FromResult<LabDefinition?>(_labs[index]);
        }
    }

    /// <summary>Labs that have runs in the history: deleting them is refused, as the SQLite store does.</summary>
    public HashSet<Guid> LabsWithRuns { get; } = [];

    public Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (LabsWithRuns.Contains(id) || _labs.Any(l => l.Id == id && l.IsSimulated))
            {
                throw new VirtSriov.Core.Steps.ActionableException($"Lab {id} has runs in the history (or is the simulated lab).", "Keep the lab (edit it instead).");
            }

            return Task.FromResult(_labs.RemoveAll(l => l.Id == id) > 0);
        }
    }
}
