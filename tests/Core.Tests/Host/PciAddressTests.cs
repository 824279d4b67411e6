using VirtSriov.Core.Host;
using Xunit;

namespace VirtSriov.Core.Tests.Host;

public sealed class PciAddressTests
{
    [Fact]
    public void Parse_SysfsForm_ReadsEveryPart()
    {
        var address = PciAddress.Parse("0000:3b:1f.7");

        Assert.Equal((0, 0x3b, 0x1f, 7), (address.Domain, address.Bus, address.Device, address.Function));
        Assert.Equal("0000:3b:1f.7", address.ToString());
    }

    [Theory]
    [InlineData("", "No PCI address")]
    [InlineData("3b:00.0", "expected dddd:bb:ss.f")]
    [InlineData("0000:3B:00.0", "lowercase")]
    [InlineData("0000:3b:20.0", "slot must be 00..1f")]
    [InlineData("0000:3b:00.8", "function 0..7")]
    public void TryParse_Malformed_ExplainsTheExpectedForm(string text, string expected)
    {
        var parsed = PciAddress.TryParse(text, out _, out var error);

        Assert.False(parsed);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0000:3b:00.0", 16, "0000:3b:02.0")]
    [InlineData("0000:3b:00.0", 24, "0000:3b:03.0")]
    [InlineData("0000:5e:00.0", 8 + 255, "0000:5f:00.7")]
    public void AddRoutingId_SriovOffset_GivesTheKernelsVfAddress(string pf, int offset, string expected)
    {
        var vf = PciAddress.Parse(pf).AddRoutingId(offset);

        Assert.Equal(expected, vf.ToString());
    }
}
