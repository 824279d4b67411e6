namespace VirtSriov.Core.Labs;

/// <summary>A hypervisor plus a cluster that runs target. Secrets (kubeconfig) are stored apart, encrypted.</summary>
/// <param name="AllowsProgramOptions">The operator allowed options that run programs or read host files (<see cref="ProgramRunningOptions"/>).</param>
public sealed record LabDefinition(
    Guid Id,
    string Name,
    LabKind Kind,
    string SysfsRoot,
    string LibvirtUri,
    bool HasKubeconfig,
    DateTimeOffset CreatedAt,
    bool AllowsProgramOptions = false)
{
    public bool IsSimulated => Kind == LabKind.Simulated;
}
