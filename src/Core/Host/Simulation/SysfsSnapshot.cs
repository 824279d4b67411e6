namespace VirtSriov.Core.Host.Simulation;

/// <summary>
/// What an SR-IOV PF and its VFs look like in sysfs and how the kernel answers bad writes and <c>ip link</c> VF
/// settings: captured on the emulated-hardware lab (real kernel) and on the simulated tree, then compared, so that
/// the simulation cannot drift from the kernel.
/// </summary>
/// <param name="Source">Where it was taken, e.g. <c>emulated lab (QEMU igb), kernel 6.1.0-27-amd64</c>.</param>
/// <param name="KernelRelease">/proc/sys/kernel/osrelease.</param>
/// <param name="Pf">The PF with its VFs present.</param>
/// <param name="Vfs">The VFs, each bound to vfio-pci when it could be.</param>
/// <param name="Writes">Writes tried on sriov_numvfs and friends, with their errno.</param>
/// <param name="IpLink">ip link commands tried on the PF, with their output.</param>
public sealed record SysfsSnapshot(
    string Source,
    string? KernelRelease,
    SysfsDeviceSnapshot Pf,
    IReadOnlyList<SysfsDeviceSnapshot> Vfs,
    IReadOnlyList<SysfsWriteProbe> Writes,
    IReadOnlyList<IpLinkProbe> IpLink)
{
    public SysfsWriteProbe? Write(string id) => Writes.FirstOrDefault(w => w.Id == id);

    public IpLinkProbe? Ip(string id) => IpLink.FirstOrDefault(p => p.Id == id);
}
