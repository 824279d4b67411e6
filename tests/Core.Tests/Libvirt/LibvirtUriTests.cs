using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Steps;
using Xunit;

namespace VirtSriov.Core.Tests.Libvirt;

public sealed class LibvirtUriTests
{
    [Theory]
    [InlineData("qemu:///system", "qemu", null, null, null, "/system")]
    [InlineData("qemu+ssh://root@kvm-host/system", "qemu", "ssh", "root", "kvm-host", "/system")]
    [InlineData("qemu+tcp://10.0.0.5:16509/system", "qemu", "tcp", null, "10.0.0.5:16509", "/system")]
    [InlineData("test:///default", "test", null, null, null, "/default")]
    [InlineData("test:///tmp/lab/node.xml", "test", null, null, null, "/tmp/lab/node.xml")]
    public void Parse_SupportedUri_SplitsItsParts(string uri, string driver, string? transport, string? user, string? host, string path)
    {
        var parsed = LibvirtUri.Parse(uri);

        Assert.Equal(new LibvirtUri(uri, driver, transport, user, host, path), parsed);
        Assert.Equal(host is not null, parsed.IsRemote);
    }

    [Theory]
    [InlineData("foo:///bar", "foo")]
    [InlineData("xen:///system", "xen")]
    [InlineData("qemu+libssh2://root@kvm/system", "qemu+libssh2")]
    public void Parse_UnknownScheme_NamesUriAndListsSupportedSchemes(string uri, string scheme)
    {
        var error = Assert.Throws<ActionableException>(() => LibvirtUri.Parse(uri));

        Assert.Contains($"'{uri}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{scheme}'", error.Message, StringComparison.Ordinal);
        foreach (var supported in new[] { "qemu://", "qemu+ssh://", "qemu+tcp://", "test://" })
        {
            Assert.Contains(supported, error.Fix, StringComparison.Ordinal);
        }

        Assert.Equal("LibvirtUri", error.Field);
    }

    [Theory]
    [InlineData("qemu")]
    [InlineData("/var/run/libvirt/libvirt-sock")]
    [InlineData("qemu+ssh:///system")]
    public void Parse_NotAUsableUri_Refuses(string uri)
    {
        var error = Assert.Throws<ActionableException>(() => LibvirtUri.Parse(uri));

        Assert.Contains(uri, error.Message, StringComparison.Ordinal);
        Assert.Equal("LibvirtUri", error.Field);
    }

    [Fact]
    public void Open_UnknownScheme_RefusesBeforeCallingLibvirt()
    {
        // No RequireLibvirt: the scheme check runs first, so this passes even where libvirt.so.0 is absent.
        var error = Assert.Throws<ActionableException>(() => LibvirtConnection.Open("foo:///bar"));

        Assert.Contains("foo:///bar", error.Message, StringComparison.Ordinal);
        Assert.Null(error.InnerException);
    }
}
