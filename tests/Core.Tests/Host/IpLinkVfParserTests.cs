using VirtSriov.Core.Host;
using Xunit;

namespace VirtSriov.Core.Tests.Host;

public sealed class IpLinkVfParserTests
{
    [Fact]
    public void Parse_Iproute2Output_ReadsEveryVfLine()
    {
        const string output = """
            2: eth0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
                link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff
                vf 0     link/ether 02:76:73:00:00:10 brd ff:ff:ff:ff:ff:ff, vlan 10, spoof checking off, link-state auto, trust on
                vf 1     link/ether 02:76:73:00:00:11 brd ff:ff:ff:ff:ff:ff, spoof checking on, link-state auto, trust off

            """;

        var vfs = IpLinkVfParser.Parse(output);

        Assert.Equal(
            [new VfLinkAttributes(0, "02:76:73:00:00:10", 10, false, true, "auto"), new VfLinkAttributes(1, "02:76:73:00:00:11", 0, true, false, "auto")],
            vfs);
    }

    [Fact]
    public void Parse_OldIproute2MacForm_ReadsMacAndLeavesUnreportedSettingsUnknown()
    {
        const string output = "4: ens1f0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500\n    link/ether 3c:fd:fe:3b:00:00 brd ff:ff:ff:ff:ff:ff\n    vf 12 MAC 3C:FD:FE:00:00:0C, vlan 4094, tx rate 100 (Mbps)\n";

        var vf = Assert.Single(IpLinkVfParser.Parse(output));

        Assert.Equal(new VfLinkAttributes(12, "3c:fd:fe:00:00:0c", 4094, null, null, null), vf);
    }

    [Fact]
    public void Parse_PfWithoutVfs_IsEmpty()
    {
        var vfs = IpLinkVfParser.Parse("2: eth0: <BROADCAST,MULTICAST> mtu 1500\n    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff\n");

        Assert.Empty(vfs);
    }
}
