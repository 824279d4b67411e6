namespace VirtSriov.Core.Host;

/// <summary>A PCI network function as sysfs shows it, with its SR-IOV capability (all SR-IOV fields 0 without one).</summary>
/// <param name="Address">e.g. <c>0000:3b:00.0</c>.</param>
/// <param name="VendorId">e.g. <c>8086</c>.</param>
/// <param name="DeviceId">e.g. <c>1572</c>.</param>
/// <param name="Driver">Bound driver, e.g. <c>i40e</c>, or null.</param>
/// <param name="TotalVfs">sriov_totalvfs; 0 when the device has no SR-IOV capability.</param>
/// <param name="NumVfs">sriov_numvfs.</param>
/// <param name="VfOffset">sriov_offset.</param>
/// <param name="VfStride">sriov_stride.</param>
/// <param name="VfDeviceId">sriov_vf_device, e.g. <c>154c</c>.</param>
/// <param name="DriversAutoprobe">sriov_drivers_autoprobe: whether new VFs get their default driver at once.</param>
/// <param name="Netdev">Interface name, e.g. <c>ens1f0</c>, or null when the PF has none.</param>
/// <param name="AdminUp">IFF_UP in the netdev's flags (<c>ip link set … up</c>); null without a netdev.</param>
/// <param name="OperState">Netdev operstate, e.g. <c>up</c>, <c>down</c>; null without a netdev.</param>
/// <param name="SpeedMbps">Link speed, null when unknown (link down).</param>
/// <param name="NumaNode">NUMA node of the slot, null when the platform has none (-1).</param>
/// <param name="IommuGroup">IOMMU group, null without an IOMMU.</param>
public sealed record PhysicalFunctionInfo(
    string Address,
    string VendorId,
    string DeviceId,
    string? Driver,
    int TotalVfs,
    int NumVfs,
    int VfOffset,
    int VfStride,
    string VfDeviceId,
    bool DriversAutoprobe,
    string? Netdev,
    bool? AdminUp,
    string? OperState,
    int? SpeedMbps,
    int? NumaNode,
    int? IommuGroup)
{
    public const string IntelVendorId = "8086";

    public bool IsSriovCapable => TotalVfs > 0;

    public bool IsIntel => VendorId == IntelVendorId;

    public bool IsLinkUp => OperState == "up";
}
