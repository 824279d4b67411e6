using VirtSriov.Core.Labs;

namespace VirtSriov.Core.Tests.Cluster;

/// <summary>Labs in memory; records the kubeconfigs stored.</summary>
internal sealed class LabStoreFake : ILabStore
{
    public Dictionary<Guid, string> Kubeconfigs { get; } = [];

    public Task<IReadOnlyList<LabDefinition>> ListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<LabDefinition>>([]);

    public Task<LabDefinition?> GetAsync(Guid id, CancellationToken cancellationToken) => Task.FromResult<LabDefinition?>(null);

    public Task<LabDefinition> AddAsync(string name, LabKind kind, string sysfsRoot, string libvirtUri, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task SetKubeconfigAsync(Guid labId, string kubeconfigYaml, CancellationToken cancellationToken)
    {
        Kubeconfigs[labId] = kubeconfigYaml;
        return Task.CompletedTask;
    }

    public Task<string?> GetKubeconfigAsync(Guid labId, CancellationToken cancellationToken) => Task.FromResult(Kubeconfigs.GetValueOrDefault(labId));

    public Task<LabDefinition?> UpdateAsync(Guid id, string name, string sysfsRoot, string libvirtUri, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken) => throw new NotSupportedException();
}
