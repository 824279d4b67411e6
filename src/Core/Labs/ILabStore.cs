namespace VirtSriov.Core.Labs;

/// <summary>Labs and their secrets. Kubeconfigs are encrypted at rest and never logged.</summary>
public interface ILabStore
{
    Task<IReadOnlyList<LabDefinition>> ListAsync(CancellationToken cancellationToken);

    Task<LabDefinition?> GetAsync(Guid id, CancellationToken cancellationToken);

    Task<LabDefinition> AddAsync(string name, LabKind kind, string sysfsRoot, string libvirtUri, CancellationToken cancellationToken);

    Task SetKubeconfigAsync(Guid labId, string kubeconfigYaml, CancellationToken cancellationToken);

    /// <summary>
    /// Records whether the operator allowed options in the lab's libvirt URI or kubeconfig that run programs or read host
    /// files (<see cref="ProgramRunningOptions"/>); without it a lab that has such options is refused when opened.
    /// </summary>
    Task SetAllowsProgramOptionsAsync(Guid labId, bool allowed, CancellationToken cancellationToken);

    Task<string?> GetKubeconfigAsync(Guid labId, CancellationToken cancellationToken);

    /// <summary>Renames a lab or points it elsewhere; null when there is no such lab. The kubeconfig stays.</summary>
    Task<LabDefinition?> UpdateAsync(Guid id, string name, string sysfsRoot, string libvirtUri, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes a lab and its kubeconfig; false when there is no such lab. Refused (<see cref="Runs.ActionableException"/>)
    /// for the built-in simulated lab and for a lab with runs, whose history would lose its lab.
    /// </summary>
    Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken);
}
