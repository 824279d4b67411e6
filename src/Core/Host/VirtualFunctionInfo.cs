namespace VirtSriov.Core.Host;

/// <summary>A VF of a PF, as sysfs shows it (<c>virtfnN</c> link → PCI address).</summary>
/// <param name="Index">N of <c>virtfnN</c>.</param>
/// <param name="Address">Full PCI address, e.g. <c>0000:3b:02.0</c>.</param>
/// <param name="VendorId">e.g. <c>8086</c>.</param>
/// <param name="DeviceId">e.g. <c>154c</c>.</param>
/// <param name="Driver">Bound driver name (<c>vfio-pci</c>, <c>iavf</c>…) or null.</param>
/// <param name="IommuGroup">IOMMU group number, or null without an IOMMU.</param>
public sealed record VirtualFunctionInfo(int Index, string Address, string VendorId, string DeviceId, string? Driver, int? IommuGroup);
