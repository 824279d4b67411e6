using VirtSriov.Core.Libvirt;
using Xunit;

namespace VirtSriov.Core.Tests.Libvirt;

public sealed class LibvirtConnectionTests
{
    private static string MinimalDomain(string name) => $"""
        <domain type='test'>
          <name>{name}</name>
          <memory unit='MiB'>512</memory>
          <vcpu>1</vcpu>
          <os><type arch='x86_64'>hvm</type></os>
        </domain>
        """;

    [Fact]
    public void Open_TestDriver_ReportsLibraryAndDriverVersions()
    {
        LibvirtTestSupport.RequireLibvirt();

        using var connection = LibvirtConnection.Open("test:///default");

        Assert.Equal("test:///default", connection.Uri);
        Assert.True(connection.GetLibraryVersion() >= new Version(1, 0, 0), $"library version {connection.GetLibraryVersion()}");
        Assert.Equal(new Version(0, 0, 2), connection.GetHypervisorVersion());
        Assert.Contains("test", connection.ListDomainNames());
    }

    [Fact]
    public void OpenReadOnly_TestDriver_ListsDomains()
    {
        LibvirtTestSupport.RequireLibvirt();

        using var connection = LibvirtConnection.Open("test:///default", readOnly: true);

        Assert.Contains("test", connection.ListDomainNames());
    }

    [Fact]
    public void DefineStartShutdownUndefine_MinimalDomain_RoundTrips()
    {
        LibvirtTestSupport.RequireLibvirt();
        using var connection = LibvirtConnection.Open("test:///default");
        var name = "t-" + Guid.NewGuid().ToString("N");

        using (var defined = connection.DefineDomain(MinimalDomain(name)))
        {
            Assert.Equal(name, defined.Name);
            Assert.Equal(DomainState.ShutOff, defined.GetState());
        }

        using var domain = connection.LookupDomain(name);
        Assert.Contains($"<name>{name}</name>", domain.GetXml(inactive: true), StringComparison.Ordinal);
        Assert.Contains(name, connection.ListDomainNames());

        domain.Start();
        Assert.Equal(DomainState.Running, domain.GetState());
        domain.Shutdown();
        Assert.Equal(DomainState.ShutOff, domain.GetState());
        domain.Undefine();

        var missing = Assert.Throws<LibvirtException>(() => connection.LookupDomain(name));
        Assert.Equal(LibvirtException.NoDomain, missing.Code);
        Assert.DoesNotContain(name, connection.ListDomainNames());
    }

    [Fact]
    public void Destroy_RunningDomain_StopsIt()
    {
        LibvirtTestSupport.RequireLibvirt();
        using var connection = LibvirtConnection.Open("test:///default");
        using var domain = connection.DefineDomain(MinimalDomain("t-" + Guid.NewGuid().ToString("N")));
        domain.Start();

        domain.Destroy();

        Assert.Equal(DomainState.ShutOff, domain.GetState());
        domain.Undefine();
    }

    [Fact]
    public void Open_MissingTestDriverFile_ThrowsLibvirtErrorWithCodeAndMessage()
    {
        LibvirtTestSupport.RequireLibvirt();
        var uri = "test://" + Path.Combine(LibvirtTestSupport.NewTempFolder(), "missing.xml");

        var error = Assert.Throws<LibvirtException>(() => LibvirtConnection.Open(uri));

        Assert.Equal(27, error.Code); // VIR_ERR_XML_ERROR: the driver cannot load its node XML
        Assert.False(string.IsNullOrWhiteSpace(error.LibvirtMessage));
        Assert.Equal($"virConnectOpen(\"{uri}\")", error.Call);
        Assert.Contains(error.LibvirtMessage, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DefineDomain_MalformedXml_ThrowsXmlErrorFromLibvirt()
    {
        LibvirtTestSupport.RequireLibvirt();
        using var connection = LibvirtConnection.Open("test:///default");

        var error = Assert.Throws<LibvirtException>(() => connection.DefineDomain("<domain><name>broken</domain>"));

        Assert.Equal(35, error.Code); // VIR_ERR_XML_DETAIL: libxml2's parse error, as libvirt reports it
        Assert.False(string.IsNullOrWhiteSpace(error.LibvirtMessage));
        Assert.Equal("virDomainDefineXML", error.Call);
    }

    [Fact]
    public void LookupDomain_AfterAFailure_ErrorIsNotCarriedOver()
    {
        LibvirtTestSupport.RequireLibvirt();
        using var connection = LibvirtConnection.Open("test:///default");
        Assert.Throws<LibvirtException>(() => connection.DefineDomain("<domain/>"));

        var missing = Assert.Throws<LibvirtException>(() => connection.LookupDomain("t-does-not-exist"));

        Assert.Equal(LibvirtException.NoDomain, missing.Code);
        Assert.Contains("Domain not found", missing.LibvirtMessage, StringComparison.Ordinal);
        Assert.Contains("t-does-not-exist", missing.Call, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenClose_TenThousandTimes_LeaksNoFileDescriptors()
    {
        LibvirtTestSupport.RequireLibvirt();
        using var keepStateAlive = LibvirtConnection.Open("test:///default");
        using (var warmUp = LibvirtConnection.Open("test:///default"))
        {
            using var domain = warmUp.LookupDomain("test");
            _ = domain.GetXml(inactive: false);
        }

        var before = Directory.GetFiles("/proc/self/fd").Length;

        for (var i = 0; i < 10_000; i++)
        {
            using var connection = LibvirtConnection.Open("test:///default");
            using var domain = connection.LookupDomain("test");
            Assert.False(string.IsNullOrEmpty(domain.GetXml(inactive: false)));
        }

        var after = Directory.GetFiles("/proc/self/fd").Length;
        // Tests running in parallel open files too; a leak here would be one descriptor (or more) per iteration.
        Assert.InRange(after, 0, before + 100);
    }
}
