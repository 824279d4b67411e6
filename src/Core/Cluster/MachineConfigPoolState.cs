namespace VirtSriov.Core.Cluster;

/// <summary>A MachineConfigPool as its status shows it.</summary>
public sealed record MachineConfigPoolState(string Name, bool Paused, bool Updated, int MachineCount, int UpdatedMachineCount);
