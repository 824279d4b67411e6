namespace VirtSriov.Core.Cluster;

/// <summary>A MachineConfigPool as its status shows it; <paramref name="DegradedReason"/> is set while it is Degraded.</summary>
public sealed record MachineConfigPoolState(string Name, bool Paused, bool Updated, int MachineCount, int UpdatedMachineCount, string? DegradedReason = null);
