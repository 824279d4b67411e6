using VirtSriov.Core.Host;
using VirtSriov.Core.Tests.TestSupport;
using Xunit;

namespace VirtSriov.Core.Tests.Host;

public sealed class SriovInventoryTests
{
    [Fact]
    public void ReadPhysicalFunctions_SimulatedWorld_ListsOnlySriovCapableFunctions()
    {
        using var tree = new HostTestTree();

        var pfs = SriovInventory.ReadPhysicalFunctions(tree.Sysfs);

        Assert.Equal(["0000:3b:00.0", "0000:5e:00.0", "0000:af:00.0"], pfs.Select(pf => pf.Address));
        var x710 = pfs[0];
        Assert.Equal(
            new PhysicalFunctionInfo("0000:3b:00.0", "8086", "1572", "i40e", 64, 0, 16, 1, "154c", true, "ens1f0", true, "up", 10000, 0, 30),
            x710);
        Assert.False(pfs[2].IsIntel);
        Assert.Equal(1, pfs[1].NumaNode);
    }

    [Fact]
    public void ReadVirtualFunctions_AfterNumVfs_ReturnsVfsInIndexOrder()
    {
        using var tree = new HostTestTree();
        tree.Sysfs.WriteText("/sys/bus/pci/devices/0000:5e:00.0/sriov_numvfs", "2");

        var vfs = SriovInventory.ReadVirtualFunctions(tree.Sysfs, "0000:5e:00.0");

        Assert.Equal(["0000:5e:01.0", "0000:5e:01.1"], vfs.Select(vf => vf.Address));
        Assert.All(vfs, vf => Assert.Equal(("8086", "1889", "iavf"), (vf.VendorId, vf.DeviceId, vf.Driver)));
        Assert.All(vfs, vf => Assert.NotNull(vf.IommuGroup));
    }
}
