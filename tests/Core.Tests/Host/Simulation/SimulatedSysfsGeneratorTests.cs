using VirtSriov.Core.Host.Simulation;
using VirtSriov.Core.Tests.TestSupport;
using Xunit;

namespace VirtSriov.Core.Tests.Host.Simulation;

public sealed class SimulatedSysfsGeneratorTests
{
    [Fact]
    public void Generate_EmptyFolder_CreatesTheLabWorld()
    {
        using var tree = new HostTestTree();
        var sysfs = tree.Sysfs;

        Assert.Equal(["0000:01:00.0", "0000:3b:00.0", "0000:5e:00.0", "0000:af:00.0"], sysfs.List("/sys/bus/pci/devices"));
        Assert.Equal("../../../devices/pci0000:3b/0000:3b:00.0", sysfs.ReadLink("/sys/bus/pci/devices/0000:3b:00.0"));
        Assert.Equal("0x8086\n", sysfs.ReadText("/sys/bus/pci/devices/0000:3b:00.0/vendor"));
        Assert.Equal("64\n", sysfs.ReadText("/sys/bus/pci/devices/0000:3b:00.0/sriov_totalvfs"));
        Assert.Equal("16\n", sysfs.ReadText("/sys/bus/pci/devices/0000:3b:00.0/sriov_offset"));
        Assert.Equal("154c\n", sysfs.ReadText("/sys/bus/pci/devices/0000:3b:00.0/sriov_vf_device"));
        Assert.Equal("../../../bus/pci/drivers/i40e", sysfs.ReadLink("/sys/bus/pci/devices/0000:3b:00.0/driver"));
        Assert.Equal("../../../kernel/iommu_groups/30", sysfs.ReadLink("/sys/bus/pci/devices/0000:3b:00.0/iommu_group"));
        Assert.False(sysfs.Exists("/sys/bus/pci/devices/0000:01:00.0/sriov_totalvfs"));
        Assert.Equal("up\n", sysfs.ReadText("/sys/class/net/ens1f0/operstate"));
        Assert.Equal("../../../0000:3b:00.0", sysfs.ReadLink("/sys/class/net/ens1f0/device"));
        Assert.Equal(["dmar0"], sysfs.List("/sys/class/iommu"));
        Assert.Contains("intel_iommu=on iommu=pt", sysfs.ReadText("/proc/cmdline"), StringComparison.Ordinal);
        Assert.True(sysfs.Exists("/sys/module/vfio_pci"));
        Assert.Equal("16\n", sysfs.ReadText("/sys/kernel/mm/hugepages/hugepages-1048576kB/free_hugepages"));
    }

    [Fact]
    public void Generate_ExistingTree_KeepsItsState()
    {
        using var tree = new HostTestTree();
        tree.Sysfs.WriteText("/sys/bus/pci/devices/0000:3b:00.0/sriov_numvfs", "2");

        var generated = SimulatedSysfsGenerator.Generate(tree.Root);

        Assert.False(generated);
        Assert.Equal(2, new SimulatedSysfs(tree.Root).List("/sys/bus/pci/devices/0000:3b:00.0").Count(n => n.StartsWith("virtfn", StringComparison.Ordinal)));
    }

    [Fact]
    public void Generate_FolderWithOtherFiles_IsRefused()
    {
        var folder = Directory.CreateTempSubdirectory("virtsriov-notempty-").FullName;
        try
        {
            File.WriteAllText(Path.Join(folder, "keep.txt"), "mine");

            Assert.Throws<InvalidOperationException>(() => SimulatedSysfsGenerator.Generate(folder));
            Assert.Equal(["keep.txt"], Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName));
            Assert.Throws<InvalidOperationException>(() => new SimulatedSysfs(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
