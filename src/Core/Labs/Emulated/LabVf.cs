namespace VirtSriov.Core.Labs.Emulated;

/// <summary>A VF after the Virtual functions step, with the settings <c>ip link show</c> reports for it on the PF.</summary>
/// <param name="Index">N of <c>virtfnN</c>.</param>
/// <param name="Address">PCI address.</param>
/// <param name="DeviceId">e.g. <c>10ca</c>.</param>
/// <param name="Driver">Bound driver (<c>vfio-pci</c>).</param>
/// <param name="IommuGroup">Its IOMMU group.</param>
/// <param name="Mac">The MAC set on the PF; null when the PF reported none.</param>
/// <param name="Trust">trust on/off as reported.</param>
/// <param name="SpoofCheck">spoof checking on/off as reported.</param>
/// <param name="Vlan">Port VLAN; 0 for none.</param>
public sealed record LabVf(int Index, string Address, string DeviceId, string? Driver, int? IommuGroup, string? Mac, bool? Trust = null, bool? SpoofCheck = null, int Vlan = 0);
