using System.Xml.Linq;
using VirtSriov.Core.Host;
using VirtSriov.Core.Libvirt;
using Xunit;

namespace VirtSriov.Core.Tests.Libvirt;

/// <summary>Cases mirror libvirt's tests/qemumemlocktest.c for x86_64 (qemumemlock-pc-*.xml: 1 GiB guest, hard_limit 2 GiB, one vfio hostdev).</summary>
public sealed class MemlockCalculatorTests
{
    private static readonly Version Libvirt9 = new(9, 0, 0);

    [Theory]
    [InlineData("pc-kvm", false, false, false, 0L)]
    [InlineData("pc-hardlimit", true, false, false, 2147483648L)]
    [InlineData("pc-locked", false, true, false, MemlockCalculator.Unlimited)]
    [InlineData("pc-hostdev", false, false, true, 2147483648L)]
    [InlineData("pc-hardlimit+locked", true, true, false, 2147483648L)]
    [InlineData("pc-hardlimit+hostdev", true, false, true, 2147483648L)]
    [InlineData("pc-hardlimit+locked+hostdev", true, true, true, 2147483648L)]
    [InlineData("pc-locked+hostdev", false, true, true, MemlockCalculator.Unlimited)]
    public void LibvirtLimitBytes_QemuMemlockTestCases_MatchLibvirt(string libvirtCase, bool hardLimit, bool locked, bool hostdev, long expected)
    {
        var memory = DomainMemory.FromXml(Domain(hardLimit, locked, hostdev ? 1 : 0, iommu: false));

        Assert.True(expected == MemlockCalculator.LibvirtLimitBytes(memory, Libvirt9), libvirtCase);
    }

    [Theory]
    [InlineData(8, 7, 0, 3221225472L)]
    [InlineData(9, 0, 0, 3221225472L)]
    [InlineData(8, 6, 0, 2147483648L)]
    public void LibvirtLimitBytes_TwoVfioDevicesBehindViommu_DependsOnVersion(int major, int minor, int patch, long expected)
    {
        var memory = DomainMemory.FromXml(Domain(hardLimit: false, locked: false, hostdevs: 2, iommu: true));

        Assert.Equal(expected, MemlockCalculator.LibvirtLimitBytes(memory, new Version(major, minor, patch)));
    }

    [Fact]
    public void LibvirtLimitBytes_TwoVfioDevicesWithoutViommu_CountsMemoryOnce()
    {
        var memory = DomainMemory.FromXml(Domain(hardLimit: false, locked: false, hostdevs: 2, iommu: false));

        Assert.Equal(2147483648L, MemlockCalculator.LibvirtLimitBytes(memory, Libvirt9));
    }

    [Fact]
    public void HardLimitKiB_SixteenGiBWithOneVfBehindViommu_IsEighteenGiB()
    {
        var memory = new DomainMemory(16L * 1024 * 1024, null, false, 1, true);

        Assert.Equal(18L * 1024 * 1024, MemlockCalculator.HardLimitKiB(memory));
    }

    [Theory]
    [InlineData("1", "GiB", 1048576L)]
    [InlineData("16384", "MiB", 16777216L)]
    [InlineData("1073741824", "b", 1048576L)]
    [InlineData("1000000", "KB", 976563L)]
    public void ToKiB_Units_ConvertLikeLibvirt(string value, string unit, long expected)
    {
        Assert.Equal(expected, DomainMemory.ToKiB(new XElement("memory", new XAttribute("unit", unit), value)));
    }

    private static XElement Domain(bool hardLimit, bool locked, int hostdevs, bool iommu) =>
        new(
            "domain",
            new XAttribute("type", "kvm"),
            new XElement("name", "guest"),
            new XElement("memory", new XAttribute("unit", "KiB"), "1048576"),
            hardLimit ? new XElement("memtune", new XElement("hard_limit", new XAttribute("unit", "KiB"), "2097152")) : null,
            locked ? new XElement("memoryBacking", new XElement("locked")) : null,
            new XElement(
                "devices",
                Enumerable.Range(1, hostdevs).Select(i => new XElement(
                    "hostdev",
                    new XAttribute("mode", "subsystem"),
                    new XAttribute("type", "pci"),
                    new XAttribute("managed", "yes"),
                    new XElement("driver", new XAttribute("name", "vfio")),
                    new XElement("source", PciAddressXml.ToXml(new PciAddress(1, i, 0, 0))))),
                iommu ? new XElement("iommu", new XAttribute("model", "intel")) : null));
}
