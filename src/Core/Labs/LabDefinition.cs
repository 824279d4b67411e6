namespace VirtSriov.Core.Labs;

/// <summary>A hypervisor plus a cluster that runs target. Secrets (kubeconfig) are stored apart, encrypted.</summary>
public sealed record LabDefinition(
    Guid Id,
    string Name,
    LabKind Kind,
    string SysfsRoot,
    string LibvirtUri,
    bool HasKubeconfig,
    DateTimeOffset CreatedAt)
{
    public bool IsSimulated => Kind == LabKind.Simulated;
}
