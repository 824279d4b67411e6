namespace VirtSriov.Core.Host.Simulation;

/// <summary>A NIC of the simulated lab world (not real hardware): what the generated sysfs tree shows for it.</summary>
/// <param name="Address">PCI address of the PF.</param>
/// <param name="VendorId">e.g. <c>8086</c>.</param>
/// <param name="DeviceId">e.g. <c>1572</c>.</param>
/// <param name="Driver">PF driver, e.g. <c>i40e</c>.</param>
/// <param name="Netdev">Interface name, e.g. <c>ens1f0</c>.</param>
/// <param name="MacAddress">MAC address of the PF netdev.</param>
/// <param name="SpeedMbps">Link speed.</param>
/// <param name="NumaNode">NUMA node of the slot.</param>
/// <param name="IommuGroup">IOMMU group of the PF.</param>
/// <param name="TotalVfs">sriov_totalvfs; 0 for a NIC without SR-IOV.</param>
/// <param name="VfOffset">sriov_offset (routing ids from the PF to VF 0).</param>
/// <param name="VfStride">sriov_stride (routing ids between VFs).</param>
/// <param name="VfDeviceId">sriov_vf_device, e.g. <c>154c</c>.</param>
/// <param name="VfDriver">Driver the kernel binds to the VFs by default, e.g. <c>iavf</c>.</param>
public sealed record SimulatedNic(
    string Address,
    string VendorId,
    string DeviceId,
    string Driver,
    string Netdev,
    string MacAddress,
    int SpeedMbps,
    int NumaNode,
    int IommuGroup,
    int TotalVfs = 0,
    int VfOffset = 0,
    int VfStride = 0,
    string VfDeviceId = "",
    string VfDriver = "")
{
    public bool IsSriovCapable => TotalVfs > 0;
}
