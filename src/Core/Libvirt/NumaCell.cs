namespace VirtSriov.Core.Libvirt;

/// <summary>A host NUMA cell and the host CPUs in it.</summary>
public sealed record NumaCell(int Id, IReadOnlyList<int> Cpus);
