namespace VirtSriov.Core.Host;

/// <summary>Reads SR-IOV state from sysfs. Read-only.</summary>
public static class SriovInventory
{
    public const string PciDevices = "/sys/bus/pci/devices";

    /// <summary>The VFs of a PF, ordered by index; empty when it has none.</summary>
    public static IReadOnlyList<VirtualFunctionInfo> ReadVirtualFunctions(ISysfs sysfs, string pfAddress)
    {
        var pf = $"{PciDevices}/{pfAddress}";
        return sysfs.List(pf)
            .Where(n => n.StartsWith("virtfn", StringComparison.Ordinal) && int.TryParse(n.AsSpan(6), out _))
            .Select(n => (Index: int.Parse(n.AsSpan(6), System.Globalization.CultureInfo.InvariantCulture), Link: sysfs.ReadLink($"{pf}/{n}")))
            .Where(v => v.Link is not null)
            .OrderBy(v => v.Index)
            .Select(v => ReadFunction(sysfs, v.Index, Path.GetFileName(v.Link!)))
            .ToList();
    }

    private static VirtualFunctionInfo ReadFunction(ISysfs sysfs, int index, string address)
    {
        var dev = $"{PciDevices}/{address}";
        var driverLink = sysfs.ReadLink($"{dev}/driver");
        var groupLink = sysfs.ReadLink($"{dev}/iommu_group");
        return new VirtualFunctionInfo(
            index,
            address,
            HexId(sysfs, $"{dev}/vendor"),
            HexId(sysfs, $"{dev}/device"),
            driverLink is null ? null : Path.GetFileName(driverLink),
            groupLink is not null && int.TryParse(Path.GetFileName(groupLink), out var group) ? group : null);
    }

    /// <summary>sysfs shows ids as <c>0x8086</c>; the recipe and vfio-pci use <c>8086</c>.</summary>
    private static string HexId(ISysfs sysfs, string path) =>
        sysfs.Exists(path) ? sysfs.ReadText(path).Trim().Replace("0x", "", StringComparison.Ordinal) : "";
}
