using VirtSriov.Core.Host.Remote;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Steps;
using Xunit;

namespace VirtSriov.Core.Tests.Host.Remote;

public sealed class SshTargetTests
{
    [Theory]
    [InlineData("qemu+ssh://root@kvm1/system", "root", "kvm1", 22, "kvm1")]
    [InlineData("qemu+ssh://admin@127.0.0.1:2222/system", "admin", "127.0.0.1", 2222, "[127.0.0.1]:2222")]
    [InlineData("qemu+ssh://kvm1/system", "root", "kvm1", 22, "kvm1")]
    public void From_SshUri_NamesUserHostPortAndKnownHostsName(string uri, string user, string host, int port, string knownHostsName)
    {
        var target = SshTarget.From(LibvirtUri.Parse(uri));

        Assert.Equal(new SshTarget(user, host, port), target);
        Assert.Equal(knownHostsName, target!.KnownHostsName);
    }

    [Theory]
    [InlineData("qemu:///system")]
    [InlineData("qemu+tcp://kvm1/system")]
    [InlineData("test:///default")]
    public void From_LocalOrOtherTransport_IsNull(string uri) => Assert.Null(SshTarget.From(LibvirtUri.Parse(uri)));

    [Fact]
    public void From_BadPort_NamesTheFieldAndTheFix()
    {
        var error = Assert.Throws<ActionableException>(() => SshTarget.From(LibvirtUri.Parse("qemu+ssh://root@kvm1:99999/system")));

        Assert.Equal("LibvirtUri", error.Field);
        Assert.Contains("99999", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ShellQuote_Join_QuotesEveryArgument() =>
        Assert.Equal("'printf' '%s' 'it'\\''s' '$(id)'", ShellQuote.Join("printf", ["%s", "it's", "$(id)"]));
}
