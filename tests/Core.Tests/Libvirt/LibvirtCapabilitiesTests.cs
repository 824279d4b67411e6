using VirtSriov.Core.Libvirt;
using Xunit;

namespace VirtSriov.Core.Tests.Libvirt;

public sealed class LibvirtCapabilitiesTests
{
    [Fact]
    public void GetCapabilitiesXml_TestDriver_ParsesHostArchAndNumaCells()
    {
        LibvirtTestSupport.RequireLibvirt();
        using var connection = LibvirtConnection.Open("test:///default", readOnly: true);

        var capabilities = HostCapabilities.Parse(connection.GetCapabilitiesXml());

        // The test driver describes a fixed 2-cell i686 host with 8 CPUs per cell and no IOMMU.
        Assert.Equal("i686", capabilities.Arch);
        Assert.False(capabilities.IommuSupported);
        Assert.Equal([0, 1], capabilities.NumaCells.Select(c => c.Id));
        Assert.Equal(Enumerable.Range(0, 8), capabilities.NumaCells[0].Cpus);
    }

    [Fact]
    public void GetDomainCapabilitiesXml_ReadOnlyConnection_IsDeniedByLibvirt()
    {
        LibvirtTestSupport.RequireLibvirt();
        using var connection = LibvirtConnection.Open("test:///default", readOnly: true);

        var error = Assert.Throws<LibvirtException>(() => connection.GetDomainCapabilitiesXml());

        // libvirt refuses domain capabilities on read-only connections before asking the driver.
        Assert.Equal(LibvirtException.OperationDenied, error.Code);
    }

    [Fact]
    public void GetDomainCapabilitiesXml_TestDriver_ReportsLibvirtsNoSupportError()
    {
        LibvirtTestSupport.RequireLibvirt();
        using var connection = LibvirtConnection.Open("test:///default");

        var error = Assert.Throws<LibvirtException>(() => connection.GetDomainCapabilitiesXml(machine: "q35"));

        Assert.Equal(LibvirtException.NoSupport, error.Code);
        Assert.Contains("virConnectGetDomainCapabilities", error.LibvirtMessage, StringComparison.Ordinal);
        Assert.Equal("virConnectGetDomainCapabilities(NULL, NULL, \"q35\", NULL)", error.Call);
    }

    [Fact]
    public void Parse_Libvirt10DomainCapabilities_OffersIntelIommuAndOvmfFiles()
    {
        var capabilities = DomainCapabilities.Parse(LibvirtTestSupport.ReadData("domcaps-q35-libvirt10.xml"));

        Assert.True(capabilities.IntelIommu);
        Assert.Equal("pc-q35-9.2", capabilities.Machine);
        Assert.Equal("/usr/bin/qemu-system-x86_64", capabilities.Emulator);
        Assert.Equal(["efi"], capabilities.FirmwareAutoselect);
        Assert.Contains("/usr/share/OVMF/OVMF_CODE_4M.fd", capabilities.LoaderFiles);
        Assert.Equal(3, capabilities.LoaderFiles.Count);
        Assert.True(capabilities.SecureBootLoaders);
        Assert.True(capabilities.OffersEfi);
    }

    [Fact]
    public void Parse_Libvirt9DomainCapabilities_IntelIommuIsUnknown()
    {
        var capabilities = DomainCapabilities.Parse(LibvirtTestSupport.ReadData("domcaps-q35-libvirt9.xml"));

        Assert.Null(capabilities.IntelIommu);
        Assert.False(capabilities.SecureBootLoaders);
        Assert.Equal(2, capabilities.LoaderFiles.Count);
    }

    [Fact]
    public void Parse_IommuWithoutIntelModel_IsFalse()
    {
        const string xml = """
            <domainCapabilities><arch>aarch64</arch><devices>
              <iommu supported='yes'><enum name='model'><value>smmuv3</value></enum></iommu>
            </devices></domainCapabilities>
            """;

        var capabilities = DomainCapabilities.Parse(xml);

        Assert.False(capabilities.IntelIommu);
        Assert.False(capabilities.OffersEfi);
    }
}
