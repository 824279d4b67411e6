using System.Xml.Linq;
using VirtSriov.Core.Host;
using VirtSriov.Core.Libvirt;

namespace VirtSriov.Core.Tests.Libvirt;

public sealed class PciAddressXmlTests
{
    [Fact]
    public void ToXml_ThenFromXml_GivesTheSameAddressInLibvirtsForm()
    {
        var address = PciAddress.Parse("0000:3b:1f.7");

        var xml = PciAddressXml.ToXml(address);

        Assert.Equal("<address domain=\"0x0000\" bus=\"0x3b\" slot=\"0x1f\" function=\"0x7\" />", xml.ToString());
        Assert.Equal(address, PciAddressXml.FromXml(xml));
    }

    [Theory]
    [InlineData("<address domain='0' bus='59' slot='2' function='1'/>", "0000:3b:02.1")]
    [InlineData("<address bus='0x3B' slot='0x02'/>", "0000:3b:02.0")]
    public void FromXml_DecimalUpperCaseOrMissingParts_ReadsTheAddress(string xml, string expected)
    {
        Assert.Equal(expected, PciAddressXml.FromXml(XElement.Parse(xml))?.ToString());
    }

    [Theory]
    [InlineData("<address domain='0x0000' bus='0x3b' slot='0x20' function='0x0'/>")]
    [InlineData("<address domain='0x0000' bus='0x3b' slot='0x02' function='0x8'/>")]
    [InlineData("<address domain='0x0000' bus='0x100' slot='0x02' function='0x0'/>")]
    [InlineData("<address domain='0x0000' bus='x' slot='0x02' function='0x0'/>")]
    [InlineData("<address domain='-1' bus='0x3b' slot='0x02' function='0x0'/>")]
    public void FromXml_OutOfRangeOrNotANumber_IsNull(string xml)
    {
        Assert.Null(PciAddressXml.FromXml(XElement.Parse(xml)));
    }
}
