using System.Globalization;

namespace VirtSriov.Core.Host;

/// <summary>Reads SR-IOV state from sysfs. Read-only.</summary>
public static class SriovInventory
{
    /// <summary>The attributes read from a PCI function's folder and from its netdev's (what this class and the steps read).</summary>
    private static readonly string[] Attributes =
    [
        "vendor", "device", "sriov_totalvfs", "sriov_numvfs", "sriov_offset", "sriov_stride", "sriov_vf_device",
        "sriov_drivers_autoprobe", "numa_node", "driver_override", "flags", "operstate", "speed",
    ];

    /// <summary>Where a function's netdev and its VFs are seen from its folder (read along with it in a snapshot).</summary>
    private static readonly string[] Subfolders = ["net", "net/*", "virtfn*"];

    /// <summary>Every SR-IOV capable function (those with <c>sriov_totalvfs</c>), ordered by address.</summary>
    public static IReadOnlyList<PhysicalFunctionInfo> ReadPhysicalFunctions(ISysfs sysfs)
    {
        ArgumentNullException.ThrowIfNull(sysfs);
        var addresses = sysfs.List(SysfsPaths.PciDevices);
        var view = sysfs.Snapshot([.. addresses.Select(SysfsPaths.Device)], Attributes, ["net", "net/*"]);
        return [.. addresses
            .Where(address => view.Exists(SysfsPaths.TotalVfs(address)))
            .Order(StringComparer.Ordinal)
            .Select(address => ReadPhysicalFunction(view, address)!)];
    }

    /// <summary>
    /// The PF's folder, its netdev's and its VFs' (and <paramref name="extraFolders"/>, e.g. a driver's) read at once,
    /// for <see cref="ReadPhysicalFunction"/> and <see cref="ReadVirtualFunctions"/> to answer from memory: one round
    /// trip on a remote host instead of one per attribute and link. Read again after a change.
    /// </summary>
    public static ISysfs Snapshot(ISysfs sysfs, string pfAddress, params IReadOnlyList<string> extraFolders)
    {
        ArgumentNullException.ThrowIfNull(sysfs);
        return sysfs.Snapshot([SysfsPaths.Device(pfAddress), .. extraFolders], Attributes, Subfolders);
    }

    /// <summary>One PCI function with its SR-IOV and netdev state, or null when no such device exists.</summary>
    public static PhysicalFunctionInfo? ReadPhysicalFunction(ISysfs sysfs, string address)
    {
        var dev = SysfsPaths.Device(address);
        if (!sysfs.Exists(dev))
        {
            return null;
        }

        var netdevs = sysfs.List($"{dev}/net");
        var netdev = netdevs.Count > 0 ? netdevs[0] : null;
        var net = $"{dev}/net/{netdev}";
        return new PhysicalFunctionInfo(
            address,
            ReadId(sysfs, $"{dev}/vendor"),
            ReadId(sysfs, $"{dev}/device"),
            LinkName(sysfs, $"{dev}/driver"),
            ReadInt(sysfs, SysfsPaths.TotalVfs(address)) ?? 0,
            ReadInt(sysfs, SysfsPaths.NumVfs(address)) ?? 0,
            ReadInt(sysfs, $"{dev}/sriov_offset") ?? 0,
            ReadInt(sysfs, $"{dev}/sriov_stride") ?? 0,
            ReadId(sysfs, $"{dev}/sriov_vf_device"),
            ReadInt(sysfs, SysfsPaths.DriversAutoprobe(address)) == 1,
            netdev,
            netdev is null ? null : (ReadHex(sysfs, $"{net}/flags") & 1) == 1,
            netdev is null ? null : ReadTrimmed(sysfs, $"{net}/operstate"),
            netdev is null ? null : ReadInt(sysfs, $"{net}/speed") is > 0 and var speed ? speed : null,
            ReadInt(sysfs, $"{dev}/numa_node") is >= 0 and var node ? node : null,
            LinkNumber(sysfs, $"{dev}/iommu_group"));
    }

    /// <summary>The VFs of a PF, ordered by index; empty when it has none.</summary>
    public static IReadOnlyList<VirtualFunctionInfo> ReadVirtualFunctions(ISysfs sysfs, string pfAddress)
    {
        var pf = SysfsPaths.Device(pfAddress);
        return sysfs.List(pf)
            .Where(n => n.StartsWith("virtfn", StringComparison.Ordinal) && int.TryParse(n.AsSpan(6), out _))
            .Select(n => (Index: int.Parse(n.AsSpan(6), CultureInfo.InvariantCulture), Link: sysfs.ReadLink($"{pf}/{n}")))
            .Where(v => v.Link is not null)
            .OrderBy(v => v.Index)
            .Select(v => ReadFunction(sysfs, v.Index, Path.GetFileName(v.Link!)))
            .ToList();
    }

    private static VirtualFunctionInfo ReadFunction(ISysfs sysfs, int index, string address)
    {
        var dev = SysfsPaths.Device(address);
        return new VirtualFunctionInfo(
            index,
            address,
            ReadId(sysfs, $"{dev}/vendor"),
            ReadId(sysfs, $"{dev}/device"),
            LinkName(sysfs, $"{dev}/driver"),
            LinkNumber(sysfs, $"{dev}/iommu_group"));
    }

    private static string? LinkName(ISysfs sysfs, string path) =>
        sysfs.ReadLink(path) is { } link ? Path.GetFileName(link) : null;

    private static int? LinkNumber(ISysfs sysfs, string path) =>
        int.TryParse(LinkName(sysfs, path), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;

    private static string? ReadTrimmed(ISysfs sysfs, string path)
    {
        try
        {
            return sysfs.Exists(path) ? sysfs.ReadText(path).Trim() : null;
        }
        catch (IOException)
        {
            // A down link makes some netdev attributes (speed) fail with EINVAL on read.
            return null;
        }
    }

    private static int? ReadInt(ISysfs sysfs, string path) =>
        int.TryParse(ReadTrimmed(sysfs, path), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static int ReadHex(ISysfs sysfs, string path) =>
        ReadTrimmed(sysfs, path) is { } text && int.TryParse(text.Replace("0x", "", StringComparison.Ordinal), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value) ? value : 0;

    /// <summary>A PCI id file (vendor, device, sriov_vf_device): sysfs shows <c>0x8086</c>, the recipe and vfio-pci use <c>8086</c>; empty when missing.</summary>
    public static string ReadId(ISysfs sysfs, string path) =>
        ReadTrimmed(sysfs, path)?.Replace("0x", "", StringComparison.Ordinal) ?? "";
}
