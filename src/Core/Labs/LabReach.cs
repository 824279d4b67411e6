namespace VirtSriov.Core.Labs;

/// <summary>Whether a lab's seams answer: its sysfs, its hypervisor and its cluster.</summary>
public sealed record LabReach(Guid LabId, string LabName, bool Simulated, IReadOnlyList<SeamReach> Seams)
{
    public bool Reachable => Seams.All(s => s.Reachable);
}
