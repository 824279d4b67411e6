using System.Globalization;

namespace VirtSriov.Core.Host.Simulation;

/// <summary>
/// The SIMULATED kernel's PCI core over the generated tree: creates and removes VFs, binds and unbinds drivers,
/// with the links and files the real kernel makes. Callers hold the tree's lock.
/// </summary>
internal sealed class SimulatedPciBus(RealSysfs tree, SimulatedTreeWriter writer)
{
    private const string Devices = SysfsPaths.PciDevices;
    private const string Drivers = "/sys/bus/pci/drivers";
    private const string IommuGroups = "/sys/kernel/iommu_groups";

    public bool DeviceExists(string address) => tree.ReadLink($"{Devices}/{address}") is not null;

    public string? BoundDriver(string address) =>
        tree.ReadLink($"{Devices}/{address}/driver") is { } link ? Path.GetFileName(link) : null;

    public bool DriverLoaded(string driver) => tree.Exists($"{Drivers}/{driver}");

    /// <summary>Adds VFs 0..count-1 after the PF's offset and stride, binding each to the PF's VF driver when autoprobe is on.</summary>
    public void CreateVirtualFunctions(PciAddress pf, int count)
    {
        var pfPath = $"{Devices}/{pf}";
        var pfDir = RealDirectory(pf.ToString());
        var offset = ReadInt($"{pfPath}/sriov_offset");
        var stride = ReadInt($"{pfPath}/sriov_stride");
        var vendor = tree.ReadText($"{pfPath}/vendor").Trim();
        var device = tree.ReadText($"{pfPath}/sriov_vf_device").Trim();
        var autoprobe = tree.ReadText($"{pfPath}/sriov_drivers_autoprobe").Trim() == "1";
        for (var index = 0; index < count; index++)
        {
            var vf = pf.AddRoutingId(offset + (index * stride)).ToString();
            var vfDir = $"{Path.GetDirectoryName(pfDir)}/{vf}";
            writer.WriteFile($"{vfDir}/vendor", $"{vendor}\n");
            writer.WriteFile($"{vfDir}/device", $"0x{device}\n");
            writer.WriteFile($"{vfDir}/subsystem_vendor", $"{vendor}\n");
            writer.WriteFile($"{vfDir}/subsystem_device", "0x0000\n");
            writer.WriteFile($"{vfDir}/class", "0x020000\n");
            writer.WriteFile($"{vfDir}/numa_node", tree.ReadText($"{pfPath}/numa_node"));
            writer.WriteFile($"{vfDir}/driver_override", "(null)\n");
            writer.WriteFile($"{vfDir}/enable", "0\n");
            LinkTo($"{vfDir}/physfn", pfDir);
            LinkTo($"{pfDir}/virtfn{index.ToString(CultureInfo.InvariantCulture)}", vfDir);
            LinkTo($"{Devices}/{vf}", vfDir);
            var group = $"{IommuGroups}/{NextIommuGroup().ToString(CultureInfo.InvariantCulture)}";
            writer.WriteFile($"{group}/type", "identity\n");
            LinkTo($"{group}/devices/{vf}", vfDir);
            LinkTo($"{vfDir}/iommu_group", group);
            if (autoprobe && SimulatedLabWorld.DefaultDriver(vendor.Replace("0x", "", StringComparison.Ordinal), device) is { } driver)
            {
                Bind(vf, driver);
            }
        }
    }

    /// <summary>Removes every VF of the PF with its links, IOMMU group and driver binding.</summary>
    public void RemoveVirtualFunctions(PciAddress pf)
    {
        var pfDir = RealDirectory(pf.ToString());
        foreach (var link in tree.List(pfDir).Where(n => n.StartsWith("virtfn", StringComparison.Ordinal)))
        {
            var vf = Path.GetFileName(tree.ReadLink($"{pfDir}/{link}")!);
            if (BoundDriver(vf) is { } driver)
            {
                Unbind(vf, driver);
            }

            var vfDir = RealDirectory(vf);
            if (tree.ReadLink($"{vfDir}/iommu_group") is { } group)
            {
                writer.Remove($"{IommuGroups}/{Path.GetFileName(group)}");
            }

            writer.Remove($"{Devices}/{vf}");
            writer.Remove(vfDir);
            writer.Remove($"{pfDir}/{link}");
        }

        // The PF driver forgets the VFs' MAC, VLAN, trust and spoof checking with the VFs.
        writer.Remove($"{SimulatedIpLink.StateFolder}/{pf}.json");
    }

    public void Bind(string address, string driver)
    {
        var dir = RealDirectory(address);
        LinkTo($"{dir}/driver", $"{Drivers}/{driver}");
        LinkTo($"{Drivers}/{driver}/{address}", dir);
        if (driver == "vfio-pci" && IommuGroup(address) is { } group)
        {
            writer.WriteFile($"/dev/vfio/{group}", "");
        }
    }

    public void Unbind(string address, string driver)
    {
        var dir = RealDirectory(address);
        writer.Remove($"{dir}/driver");
        writer.Remove($"{Drivers}/{driver}/{address}");
        if (driver == "vfio-pci" && IommuGroup(address) is { } group && !GroupHasVfioDevice(group))
        {
            writer.Remove($"/dev/vfio/{group}");
        }
    }

    private string? IommuGroup(string address) =>
        tree.ReadLink($"{Devices}/{address}/iommu_group") is { } link ? Path.GetFileName(link) : null;

    private bool GroupHasVfioDevice(string group) =>
        tree.List($"{IommuGroups}/{group}/devices").Any(device => BoundDriver(device) == "vfio-pci");

    /// <summary>The kernel hands out the lowest free group number.</summary>
    private int NextIommuGroup()
    {
        var used = tree.List(IommuGroups)
            .Select(n => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var g) ? g : -1)
            .ToHashSet();
        var next = 0;
        while (used.Contains(next))
        {
            next++;
        }

        return next;
    }

    /// <summary>The /sys/devices directory behind /sys/bus/pci/devices/&lt;address&gt;.</summary>
    private string RealDirectory(string address) =>
        Path.GetFullPath(Path.Join(Devices, tree.ReadLink($"{Devices}/{address}")!));

    private void LinkTo(string link, string target) =>
        writer.Link(link, Path.GetRelativePath(Path.GetDirectoryName(link)!, target));

    private int ReadInt(string path) => int.Parse(tree.ReadText(path).Trim(), CultureInfo.InvariantCulture);
}
