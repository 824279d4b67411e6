namespace VirtSriov.Core.Labs.Emulated;

/// <summary>What <c>virtsriov lab-run</c> does.</summary>
/// <param name="Pf"><c>auto</c> (the igb 82576 PF, else the first Intel SR-IOV PF) or a PCI address.</param>
/// <param name="VfCount">VFs to create (all are bound to vfio-pci by the Virtual functions step).</param>
/// <param name="TestpmdVfs">VFs that get a MAC on the PF and a testpmd port: each port's peer is the next VF's MAC.</param>
/// <param name="TestpmdSeconds">How long testpmd forwards once started; 0 skips testpmd.</param>
/// <param name="TestpmdUid">The unprivileged uid (and gid) testpmd runs as.</param>
/// <param name="OutputPath">Where result.json is written.</param>
public sealed record LabRunOptions(
    string Pf,
    int VfCount,
    int TestpmdVfs,
    int TestpmdSeconds,
    int TestpmdUid,
    string OutputPath)
{
    public const string AutoPf = "auto";

    public const int NobodyUid = 65534;

    /// <summary>What is wrong with the options, naming the option; null when they make sense.</summary>
    public string? Problem() => this switch
    {
        { VfCount: < 1 } => $"--vfs must be at least 1 (got {VfCount}).",
        _ when TestpmdVfs < 1 || TestpmdVfs > VfCount => $"--bind must be between 1 and --vfs {VfCount} (got {TestpmdVfs}).",
        { TestpmdSeconds: < 0 } => $"--testpmd-seconds must be 0 or more (got {TestpmdSeconds}).",
        { TestpmdUid: <= 0 } => $"--testpmd-uid must be an unprivileged uid, not {TestpmdUid}.",
        _ => null,
    };
}
