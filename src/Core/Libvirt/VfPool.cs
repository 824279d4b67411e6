namespace VirtSriov.Core.Libvirt;

/// <summary>The VFs one PF offers for placement.</summary>
/// <param name="PfAddress">The PF, e.g. <c>0000:3b:00.0</c>.</param>
/// <param name="PfNumaNode">The PF's NUMA node, or null on a host without NUMA information (sysfs <c>numa_node</c> = -1).</param>
/// <param name="VfAddresses">The PF's VFs in <c>virtfnN</c> order.</param>
public sealed record VfPool(string PfAddress, int? PfNumaNode, IReadOnlyList<string> VfAddresses);
