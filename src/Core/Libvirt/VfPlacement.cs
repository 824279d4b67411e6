namespace VirtSriov.Core.Libvirt;

/// <summary>The result of <see cref="VfPlacementPlanner.Plan"/>: one entry per worker, in worker order; no VF appears twice.</summary>
/// <param name="Assignments">Per worker, its VFs.</param>
/// <param name="Notes">What the operator should know about the placement (workers left without VFs, NUMA fallback).</param>
public sealed record VfPlacement(IReadOnlyList<WorkerVfAssignment> Assignments, IReadOnlyList<string> Notes)
{
    public IReadOnlyList<string> For(string worker) =>
        Assignments.FirstOrDefault(a => a.Worker == worker)?.VfAddresses ?? [];
}
