namespace VirtSriov.Core.Labs;

/// <summary>An SR-IOV PF of a hypervisor and its VFs.</summary>
/// <param name="PfAddress">PCI address.</param>
/// <param name="Netdev">Interface, or null.</param>
/// <param name="Device">vendor:device, e.g. <c>8086:1572</c>.</param>
/// <param name="Driver">The PF's driver.</param>
/// <param name="TotalVfs">sriov_totalvfs.</param>
/// <param name="Vfs">Each VF: its driver and the running domain that holds it.</param>
public sealed record SriovNicStatus(string PfAddress, string? Netdev, string Device, string? Driver, int TotalVfs, IReadOnlyList<VfUse> Vfs);
