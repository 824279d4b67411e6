using VirtSriov.Core.Host.Simulation;
using Xunit;

namespace VirtSriov.Core.Tests.Host.Simulation;

public sealed class SysfsLinkShapeTests
{
    [Theory]
    [InlineData("../../../kernel/iommu_groups/5", "kernel/iommu_groups/<n>")]
    [InlineData("../0000:00:14.2", "<pci>")]
    [InlineData("../../../bus/pci/drivers/vfio-pci", "bus/pci/drivers/<driver>")]
    [InlineData("../../../devices/pci0000:3b/0000:3b:00.0", "devices/<pcibus>/<pci>")]
    [InlineData("../../../bus/pci", "bus/pci")]
    public void Of_KernelLinkTarget_AbstractsMachineSpecificParts(string target, string expected)
    {
        var shape = SysfsLinkShape.Of(target);

        Assert.Equal(expected, shape);
    }
}
