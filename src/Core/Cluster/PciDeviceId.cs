namespace VirtSriov.Core.Cluster;

/// <summary>A PCI vendor and device id as sysfs and vfio-pci write them without <c>0x</c>, e.g. <c>8086</c> / <c>154c</c>.</summary>
public sealed record PciDeviceId(string VendorId, string DeviceId)
{
    /// <summary><c>8086:154c</c>, the form of <c>vfio-pci ids=</c>.</summary>
    public override string ToString() => $"{VendorId}:{DeviceId}";
}
