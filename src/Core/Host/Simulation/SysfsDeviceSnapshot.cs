namespace VirtSriov.Core.Host.Simulation;

/// <summary>A PCI device's sysfs directory in a fidelity snapshot: identity and entries, ordered by name.</summary>
/// <param name="Address">e.g. <c>0000:00:03.0</c>.</param>
/// <param name="VendorId">e.g. <c>8086</c>.</param>
/// <param name="DeviceId">e.g. <c>10c9</c>.</param>
/// <param name="Driver">The bound driver when recorded, or null.</param>
/// <param name="Entries">Every entry of the device directory.</param>
public sealed record SysfsDeviceSnapshot(string Address, string VendorId, string DeviceId, string? Driver, IReadOnlyList<SysfsEntrySnapshot> Entries)
{
    public SysfsEntrySnapshot? Entry(string name) => Entries.FirstOrDefault(e => e.Name == name);
}
