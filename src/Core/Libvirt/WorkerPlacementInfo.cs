namespace VirtSriov.Core.Libvirt;

/// <summary>A worker VM as the placement planner sees it.</summary>
/// <param name="Name">Libvirt domain name.</param>
/// <param name="NumaNode">The host NUMA node its vCPUs/memory are pinned to, or null when not pinned to a single node.</param>
public sealed record WorkerPlacementInfo(string Name, int? NumaNode);
