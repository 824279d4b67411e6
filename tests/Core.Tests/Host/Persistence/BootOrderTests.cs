using VirtSriov.Core.Host.Persistence;

namespace VirtSriov.Core.Tests.Host.Persistence;

public sealed class BootOrderTests
{
    [Fact]
    public void ParseGuestLog_UnitFinishedBeforeLibvirtd_IsInOrder()
    {
        var order = BootOrder.ParseGuestLog("4.10 virtsriov-vfs.service start\n31.52 virtsriov-vfs.service exit 0\n31.60 network start\n44.02 libvirtd start\n");

        Assert.Equal((4.10, 31.52, 0, 44.02), (order.UnitStarted!.Value, order.UnitFinished!.Value, order.UnitExit!.Value, order.LibvirtStarted!.Value));
        Assert.True(order.UnitBeforeLibvirt);
    }

    [Theory]
    [InlineData("4.1 virtsriov-vfs.service start\n9.0 virtsriov-vfs.service exit 1\n12.0 libvirtd start\n")]
    [InlineData("3.0 network start\n12.0 libvirtd start\n")]
    [InlineData("12.0 libvirtd start\n13.0 virtsriov-vfs.service start\n20.0 virtsriov-vfs.service exit 0\n")]
    public void ParseGuestLog_FailedMissingOrAfterLibvirtd_IsNotInOrder(string log)
    {
        var order = BootOrder.ParseGuestLog(log);

        Assert.False(order.UnitBeforeLibvirt, order.Describe());
    }
}
