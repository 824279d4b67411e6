using VirtSriov.Core.Libvirt;

namespace VirtSriov.Core.Tests.Libvirt;

public sealed class DmaEntryLimitTests
{
    [Fact]
    public void Warning_16GiBIn4KiBPages_NamesBothFixes()
    {
        var warning = DmaEntryLimit.Warning("virtsriov-worker-0", "<domain type='kvm'><name>w</name><memory unit='GiB'>16</memory></domain>");

        Assert.NotNull(warning);
        Assert.Contains("4,194,304 DMA mappings", warning, StringComparison.Ordinal);
        Assert.Contains("dma_entry_limit (65535)", warning, StringComparison.Ordinal);
        Assert.Contains("<hugepages/>", warning, StringComparison.Ordinal);
        Assert.Contains("options vfio_iommu_type1 dma_entry_limit=", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Warning_HugepageBacked_IsNull() =>
        Assert.Null(DmaEntryLimit.Warning("w", "<domain><memory unit='GiB'>16</memory><memoryBacking><hugepages/></memoryBacking></domain>"));

    [Fact]
    public void Warning_RamWithinTheLimit_IsNull() =>
        Assert.Null(DmaEntryLimit.Warning("w", "<domain><memory unit='KiB'>262140</memory></domain>"));
}
