namespace VirtSriov.Core.Cluster.Manifests;

/// <summary>Which devices join the pool: every listed field must match (ids as hex without <c>0x</c>).</summary>
public sealed record DevicePluginSelectors(IReadOnlyList<string> Vendors, IReadOnlyList<string> Devices, IReadOnlyList<string> Drivers)
{
    public bool Matches(PciDeviceId id, string driver) =>
        Matches(Vendors, id.VendorId) && Matches(Devices, id.DeviceId) && Matches(Drivers, driver);

    private static bool Matches(IReadOnlyList<string> allowed, string value) =>
        allowed.Count == 0 || allowed.Contains(value, StringComparer.OrdinalIgnoreCase);
}
