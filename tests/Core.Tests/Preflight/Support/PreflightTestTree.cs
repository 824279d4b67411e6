using VirtSriov.Core.Host;

namespace VirtSriov.Core.Tests.Preflight.Support;

/// <summary>A small hand-made host tree in a temporary folder, read through <see cref="RealSysfs"/>; deleted on dispose.</summary>
public sealed class PreflightTestTree : IDisposable
{
    public PreflightTestTree()
    {
        Root = Directory.CreateTempSubdirectory("virtsriov-preflight-").FullName;
        Sysfs = new RealSysfs(Root);
    }

    public string Root { get; }

    public RealSysfs Sysfs { get; }

    public PreflightTestTree File(string hostPath, string content)
    {
        var full = Sysfs.MapPath(hostPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllText(full, content);
        return this;
    }

    public PreflightTestTree Folder(string hostPath)
    {
        Directory.CreateDirectory(Sysfs.MapPath(hostPath));
        return this;
    }

    public PreflightTestTree Link(string hostPath, string target)
    {
        var full = Sysfs.MapPath(hostPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        System.IO.File.CreateSymbolicLink(full, target);
        return this;
    }

    /// <summary>An SR-IOV PF as the kernel shows it: ids, driver link, SR-IOV files, netdev with operstate and speed, NUMA node, IOMMU group.</summary>
    public PreflightTestTree Pf(string address, string vendor = "8086", string? driver = "i40e", string netdev = "ens1f0", string operstate = "up", int group = 30, int totalVfs = 64)
    {
        var dev = $"/sys/bus/pci/devices/{address}";
        File($"{dev}/vendor", $"0x{vendor}\n").File($"{dev}/device", "0x1572\n");
        File($"{dev}/sriov_totalvfs", $"{totalVfs}\n").File($"{dev}/sriov_numvfs", "0\n").File($"{dev}/numa_node", "0\n");
        File($"{dev}/net/{netdev}/operstate", $"{operstate}\n").File($"{dev}/net/{netdev}/speed", "10000\n").File($"{dev}/net/{netdev}/flags", "0x1003\n");
        Link($"{dev}/iommu_group", $"../../../kernel/iommu_groups/{group}");
        Folder($"/sys/kernel/iommu_groups/{group}/devices/{address}");
        return driver is null ? this : Link($"{dev}/driver", $"../../../bus/pci/drivers/{driver}");
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
