namespace VirtSriov.Core.Labs;

/// <summary>Whether one seam of a lab (sysfs, hypervisor, cluster) answered, and what it said.</summary>
public sealed record SeamReach(string Seam, bool Reachable, string Detail);
