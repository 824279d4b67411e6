using VirtSriov.Core.Libvirt;
using Xunit;

namespace VirtSriov.Core.Tests.Libvirt;

public sealed class LibvirtNodeDeviceTests
{
    private static LibvirtConnection OpenSriovNode() =>
        LibvirtConnection.Open("test://" + LibvirtTestSupport.DataPath("node-sriov.xml"));

    [Fact]
    public void ListNodeDeviceNames_DefaultTestDriver_ListsItsDevices()
    {
        LibvirtTestSupport.RequireLibvirt();
        using var connection = LibvirtConnection.Open("test:///default", readOnly: true);

        var names = connection.ListNodeDeviceNames(pciOnly: false);

        Assert.Contains("computer", names);
        Assert.Contains("scsi_host1", names);
        // test:///default has no PCI devices, so the PCI filter must drop them all.
        Assert.Empty(connection.ListNodeDeviceNames(pciOnly: true));
    }

    [Fact]
    public void ListNodeDeviceNames_SriovNode_ListsOnlyPciDevices()
    {
        LibvirtTestSupport.RequireLibvirt();
        using var connection = OpenSriovNode();

        var names = connection.ListNodeDeviceNames(pciOnly: true);

        Assert.Equal(
            ["pci_0000_01_00_0", "pci_0000_3b_00_0", "pci_0000_3b_02_0", "pci_0000_3b_02_1", "pci_0000_3b_02_2", "pci_0000_3b_02_3", "pci_0000_5e_00_0"],
            names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void GetXml_DefaultTestDriverDevice_IsTheDevicesXml()
    {
        LibvirtTestSupport.RequireLibvirt();
        using var connection = LibvirtConnection.Open("test:///default", readOnly: true);
        using var device = connection.LookupNodeDevice("scsi_host1");

        var xml = device.GetXml();

        Assert.Equal("scsi_host1", device.Name);
        Assert.Contains("<capability type='scsi_host'>", xml, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => PciDeviceInfo.Parse(xml));
    }

    [Fact]
    public void GetXml_VfFromLibvirt_ParsesAddressIdsGroupNumaAndPf()
    {
        LibvirtTestSupport.RequireLibvirt();
        using var connection = OpenSriovNode();
        using var device = connection.LookupNodeDevice("pci_0000_3b_02_2");

        var vf = PciDeviceInfo.Parse(device.GetXml());

        Assert.Equal("0000:3b:02.2", vf.Address);
        Assert.Equal("8086", vf.VendorId);
        Assert.Equal("154c", vf.ProductId);
        Assert.Equal(82, vf.IommuGroup);
        Assert.Equal(0, vf.NumaNode);
        Assert.True(vf.IsVirtualFunction);
        Assert.Equal("0000:3b:00.0", vf.PhysicalFunction);
        Assert.Empty(vf.VirtualFunctions);
    }

    [Fact]
    public void GetXml_PfFromLibvirt_ListsItsVfs()
    {
        LibvirtTestSupport.RequireLibvirt();
        using var connection = OpenSriovNode();
        using var device = connection.LookupNodeDevice("pci_0000_3b_00_0");

        var pf = PciDeviceInfo.Parse(device.GetXml());

        Assert.False(pf.IsVirtualFunction);
        Assert.Equal(["0000:3b:02.0", "0000:3b:02.1", "0000:3b:02.2", "0000:3b:02.3"], pf.VirtualFunctions);
        Assert.Equal("1572", pf.ProductId);
    }

    [Fact]
    public void LookupNodeDevice_Unknown_ThrowsNoNodeDevice()
    {
        LibvirtTestSupport.RequireLibvirt();
        using var connection = OpenSriovNode();

        var error = Assert.Throws<LibvirtException>(() => connection.LookupNodeDevice("pci_0000_3b_07_7"));

        Assert.Equal(LibvirtException.NoNodeDevice, error.Code);
        Assert.Contains("pci_0000_3b_07_7", error.LibvirtMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void DetachAndReAttach_TestDriver_ReportNoSupportWithTheCall()
    {
        LibvirtTestSupport.RequireLibvirt();
        using var connection = OpenSriovNode();
        using var device = connection.LookupNodeDevice("pci_0000_3b_02_0");

        var detach = Assert.Throws<LibvirtException>(() => device.Detach("vfio"));
        var reattach = Assert.Throws<LibvirtException>(device.ReAttach);

        // The test driver implements neither; on a real host these bind the device to vfio-pci and back.
        Assert.Equal(LibvirtException.NoSupport, detach.Code);
        Assert.Equal("virNodeDeviceDetachFlags(\"pci_0000_3b_02_0\", \"vfio\")", detach.Call);
        Assert.Equal(LibvirtException.NoSupport, reattach.Code);
        Assert.Equal("virNodeDeviceReAttach(\"pci_0000_3b_02_0\")", reattach.Call);
    }

    [Fact]
    public void Parse_HostNodeDeviceWithDriver_ReadsDriver()
    {
        const string xml = """
            <device>
              <name>pci_0000_3b_02_1</name>
              <path>/sys/devices/pci0000:3a/0000:3a:00.0/0000:3b:02.1</path>
              <parent>pci_0000_3b_00_0</parent>
              <driver><name>vfio-pci</name></driver>
              <capability type='pci'>
                <class>0x020000</class>
                <domain>0</domain><bus>59</bus><slot>2</slot><function>1</function>
                <product id='0x154c'>Ethernet Virtual Function 700 Series</product>
                <vendor id='0x8086'>Intel Corporation</vendor>
                <capability type='phys_function'><address domain='0x0000' bus='0x3b' slot='0x00' function='0x0'/></capability>
                <iommuGroup number='81'><address domain='0x0000' bus='0x3b' slot='0x02' function='0x1'/></iommuGroup>
              </capability>
            </device>
            """;

        var vf = PciDeviceInfo.Parse(xml);

        Assert.Equal("vfio-pci", vf.Driver);
        Assert.Null(vf.NumaNode);
        Assert.Equal("0000:3b:02.1", vf.Address);
    }
}
