using VirtSriov.Core.Host;
using VirtSriov.Core.Host.Simulation;
using VirtSriov.Core.Tests.TestSupport;
using Xunit;

namespace VirtSriov.Core.Tests.Host.Simulation;

public sealed class SimulatedSysfsTests : IDisposable
{
    private const string Pf = "/sys/bus/pci/devices/0000:3b:00.0";
    private readonly HostTestTree tree = new();

    private SimulatedSysfs Sysfs => tree.Sysfs;

    [Fact]
    public void WriteNumVfs_Count_CreatesVirtfnLinksAndVfDevices()
    {
        Sysfs.WriteText($"{Pf}/sriov_numvfs", "3");

        Assert.Equal("3\n", Sysfs.ReadText($"{Pf}/sriov_numvfs"));
        Assert.Equal("../0000:3b:02.0", Sysfs.ReadLink($"{Pf}/virtfn0"));
        Assert.Equal("../0000:3b:02.2", Sysfs.ReadLink($"{Pf}/virtfn2"));
        Assert.Equal("../0000:3b:00.0", Sysfs.ReadLink("/sys/bus/pci/devices/0000:3b:02.1/physfn"));
        Assert.Equal("0x154c\n", Sysfs.ReadText("/sys/bus/pci/devices/0000:3b:02.1/device"));
        Assert.Equal("0\n", Sysfs.ReadText("/sys/bus/pci/devices/0000:3b:02.1/numa_node"));
        var group = Path.GetFileName(Sysfs.ReadLink("/sys/bus/pci/devices/0000:3b:02.1/iommu_group"));
        Assert.True(Sysfs.Exists($"/sys/kernel/iommu_groups/{group}/devices/0000:3b:02.1"));
    }

    [Fact]
    public void WriteNumVfs_AutoprobeOn_BindsTheVfDriver()
    {
        Sysfs.WriteText($"{Pf}/sriov_numvfs", "1");

        Assert.Equal("iavf", Path.GetFileName(Sysfs.ReadLink("/sys/bus/pci/devices/0000:3b:02.0/driver")));
        Assert.True(Sysfs.Exists("/sys/bus/pci/drivers/iavf/0000:3b:02.0"));
    }

    [Fact]
    public void WriteNumVfs_AutoprobeOff_LeavesVfsUnbound()
    {
        Sysfs.WriteText($"{Pf}/sriov_drivers_autoprobe", "0");

        Sysfs.WriteText($"{Pf}/sriov_numvfs", "1");

        Assert.Null(Sysfs.ReadLink("/sys/bus/pci/devices/0000:3b:02.0/driver"));
    }

    [Fact]
    public void WriteNumVfs_NonZeroOverNonZero_ThrowsEbusy()
    {
        Sysfs.WriteText($"{Pf}/sriov_numvfs", "2");

        var error = Assert.Throws<SysfsWriteException>(() => Sysfs.WriteText($"{Pf}/sriov_numvfs", "3"));

        Assert.Equal("EBUSY", error.Errno);
        Assert.Equal("2\n", Sysfs.ReadText($"{Pf}/sriov_numvfs"));
    }

    [Fact]
    public void WriteNumVfs_MoreThanTotal_ThrowsErange()
    {
        var error = Assert.Throws<SysfsWriteException>(() => Sysfs.WriteText($"{Pf}/sriov_numvfs", "65"));

        Assert.Equal("ERANGE", error.Errno);
        Assert.DoesNotContain(Sysfs.List(Pf), n => n.StartsWith("virtfn", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("four")]
    [InlineData("-1")]
    public void WriteNumVfs_NotANumber_ThrowsEinval(string value)
    {
        var error = Assert.Throws<SysfsWriteException>(() => Sysfs.WriteText($"{Pf}/sriov_numvfs", value));

        Assert.Equal("EINVAL", error.Errno);
    }

    [Fact]
    public void WriteNumVfs_Zero_RemovesVfsLinksAndGroups()
    {
        Sysfs.WriteText($"{Pf}/sriov_numvfs", "2");
        var group = Path.GetFileName(Sysfs.ReadLink("/sys/bus/pci/devices/0000:3b:02.0/iommu_group"));

        Sysfs.WriteText($"{Pf}/sriov_numvfs", "0");

        Assert.DoesNotContain(Sysfs.List(Pf), n => n.StartsWith("virtfn", StringComparison.Ordinal));
        Assert.False(Sysfs.Exists("/sys/bus/pci/devices/0000:3b:02.0"));
        Assert.False(Sysfs.Exists("/sys/bus/pci/drivers/iavf/0000:3b:02.0"));
        Assert.False(Sysfs.Exists($"/sys/kernel/iommu_groups/{group}"));
        Assert.False(Directory.Exists(tree.Full("/sys/devices/pci0000:3b/0000:3b:02.0")));
    }

    [Fact]
    public void DriversProbe_WithVfioOverride_BindsToVfioAndCreatesDevVfio()
    {
        Sysfs.WriteText($"{Pf}/sriov_drivers_autoprobe", "0");
        Sysfs.WriteText($"{Pf}/sriov_numvfs", "1");
        const string vf = "/sys/bus/pci/devices/0000:3b:02.0";
        var group = Path.GetFileName(Sysfs.ReadLink($"{vf}/iommu_group"));

        Sysfs.WriteText($"{vf}/driver_override", "vfio-pci\n");
        Sysfs.WriteText("/sys/bus/pci/drivers_probe", "0000:3b:02.0");

        Assert.Equal("vfio-pci\n", Sysfs.ReadText($"{vf}/driver_override"));
        Assert.Equal("../../../bus/pci/drivers/vfio-pci", Sysfs.ReadLink($"{vf}/driver"));
        Assert.True(Sysfs.Exists($"/dev/vfio/{group}"));
        Assert.True(File.Exists(tree.Full($"/dev/vfio/{group}")));
    }

    [Fact]
    public void Unbind_BoundDevice_RemovesDriverLinkAndDevVfio()
    {
        Sysfs.WriteText($"{Pf}/sriov_numvfs", "1");
        const string vf = "/sys/bus/pci/devices/0000:3b:02.0";
        var group = Path.GetFileName(Sysfs.ReadLink($"{vf}/iommu_group"));
        Sysfs.WriteText("/sys/bus/pci/drivers/iavf/unbind", "0000:3b:02.0");
        Sysfs.WriteText($"{vf}/driver_override", "vfio-pci");
        Sysfs.WriteText("/sys/bus/pci/drivers_probe", "0000:3b:02.0");

        Sysfs.WriteText("/sys/bus/pci/drivers/vfio-pci/unbind", "0000:3b:02.0");

        Assert.Null(Sysfs.ReadLink($"{vf}/driver"));
        Assert.False(Sysfs.Exists("/sys/bus/pci/drivers/vfio-pci/0000:3b:02.0"));
        Assert.False(Sysfs.Exists($"/dev/vfio/{group}"));
    }

    [Fact]
    public void Unbind_DeviceNotOnThatDriver_ThrowsEnodev()
    {
        var error = Assert.Throws<SysfsWriteException>(() => Sysfs.WriteText("/sys/bus/pci/drivers/vfio-pci/unbind", "0000:3b:00.0"));

        Assert.Equal("ENODEV", error.Errno);
    }

    [Fact]
    public void WriteText_MissingPath_ThrowsEnoent()
    {
        var error = Assert.Throws<SysfsWriteException>(() => Sysfs.WriteText("/sys/bus/pci/devices/0000:3b:09.0/sriov_numvfs", "1"));

        Assert.Equal("ENOENT", error.Errno);
    }

    [Fact]
    public void WriteText_ReadOnlyAttribute_ThrowsEacces()
    {
        var error = Assert.Throws<SysfsWriteException>(() => Sysfs.WriteText($"{Pf}/sriov_totalvfs", "128"));

        Assert.Equal("EACCES", error.Errno);
        Assert.Equal("64\n", Sysfs.ReadText($"{Pf}/sriov_totalvfs"));
    }

    [Fact]
    public void WriteFlags_WithoutIffUp_SetsTheLinkDown()
    {
        Sysfs.WriteText("/sys/class/net/ens1f0/flags", "0x1002");

        Assert.Equal("down\n", Sysfs.ReadText("/sys/class/net/ens1f0/operstate"));
        Assert.Equal(false, SriovInventory.ReadPhysicalFunction(Sysfs, "0000:3b:00.0")!.AdminUp);
    }

    public void Dispose() => tree.Dispose();
}
