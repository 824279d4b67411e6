namespace VirtSriov.Core.Labs;

/// <summary>One host lab on the hypervisors overview: reachable or not (and why), its SR-IOV NICs, its active run.</summary>
/// <param name="LabId">The lab.</param>
/// <param name="LabName">Its name.</param>
/// <param name="Machine">The hypervisor it changes (<see cref="HypervisorIdentity"/>); labs with the same one share the active run.</param>
/// <param name="LibvirtUri">How it is reached.</param>
/// <param name="Reachable">Its host answered (sysfs and libvirt).</param>
/// <param name="Problem">Why not, with the fix; null when reachable.</param>
/// <param name="Nics">Its SR-IOV capable PFs.</param>
/// <param name="ActiveRunId">The one active run on this hypervisor (through any lab pointing at it), or null.</param>
/// <param name="ActiveRunLab">The lab that run belongs to.</param>
public sealed record HypervisorStatus(
    Guid LabId,
    string LabName,
    string Machine,
    string LibvirtUri,
    bool Reachable,
    string? Problem,
    IReadOnlyList<SriovNicStatus> Nics,
    Guid? ActiveRunId,
    string? ActiveRunLab);
