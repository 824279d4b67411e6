using VirtSriov.Core.Libvirt;
using Xunit;

namespace VirtSriov.Core.Tests.Libvirt;

public sealed class DomainNumaAffinityTests
{
    private static readonly NumaCell[] Cells = [new(0, [0, 1, 2, 3, 8, 9, 10, 11]), new(1, [4, 5, 6, 7, 12, 13, 14, 15])];

    [Theory]
    [InlineData("<numatune><memory mode='strict' nodeset='1'/></numatune>", 1)]
    [InlineData("<numatune><memory mode='strict' nodeset='0-1'/></numatune>", null)]
    [InlineData("<vcpu placement='static' cpuset='4-7,12-15'>8</vcpu>", 1)]
    [InlineData("<vcpu placement='static' cpuset='0-15,^4-7,^12-15'>8</vcpu>", 0)]
    [InlineData("<vcpu placement='static' cpuset='2-5'>4</vcpu>", null)]
    [InlineData("<vcpu>2</vcpu><cputune><vcpupin vcpu='0' cpuset='8'/><vcpupin vcpu='1' cpuset='9-10'/></cputune>", 0)]
    [InlineData("<vcpu>8</vcpu>", null)]
    public void NodeOf_DomainPinning_FindsTheSingleNode(string pinning, int? expected)
    {
        var xml = $"<domain type='kvm'><name>w</name><memory>1048576</memory>{pinning}</domain>";

        Assert.Equal(expected, DomainNumaAffinity.NodeOf(xml, Cells));
    }

    [Theory]
    [InlineData("0-3,8-11", new[] { 0, 1, 2, 3, 8, 9, 10, 11 })]
    [InlineData("0-7,^3", new[] { 0, 1, 2, 4, 5, 6, 7 })]
    [InlineData(" 5 ", new[] { 5 })]
    public void Parse_CpuList_ExpandsRangesAndExclusions(string text, int[] expected)
    {
        Assert.Equal(expected, CpuSet.Parse(text));
    }

    [Fact]
    public void Parse_Garbage_Throws()
    {
        Assert.Throws<FormatException>(() => CpuSet.Parse("0-x"));
    }
}
