namespace VirtSriov.Core.Labs;

/// <summary>Labs and their secrets. Kubeconfigs are encrypted at rest and never logged.</summary>
public interface ILabStore
{
    Task<IReadOnlyList<LabDefinition>> ListAsync(CancellationToken cancellationToken);

    Task<LabDefinition?> GetAsync(Guid id, CancellationToken cancellationToken);

    Task<LabDefinition> AddAsync(string name, LabKind kind, string sysfsRoot, string libvirtUri, CancellationToken cancellationToken);

    Task SetKubeconfigAsync(Guid labId, string kubeconfigYaml, CancellationToken cancellationToken);

    Task<string?> GetKubeconfigAsync(Guid labId, CancellationToken cancellationToken);
}
