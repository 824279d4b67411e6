using VirtSriov.Core.Preflight;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tests.Preflight.Support;
using VirtSriov.Core.Tests.TestSupport;
using VirtSriov.TestDoubles;

namespace VirtSriov.Core.Tests.Preflight;

public sealed class DefaultRouteCheckTests : IDisposable
{
    private const string Header = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n";
    private readonly PreflightTestTree tree = new();
    private readonly DefaultRouteCheck check = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_SimulatedLab_DefaultRouteOnTheManagementNic()
    {
        using var simulated = new HostTestTree();

        var finding = Assert.Single(await check.RunAsync(new FakeLab(simulated.Sysfs).Context(), Token));

        Assert.Equal(FindingSeverity.Ok, finding.Severity);
        Assert.Equal("via eno1: not on an Intel SR-IOV PF", finding.Observed);
    }

    [Fact]
    public async Task RunAsync_DefaultRouteOnPlannedPf_Warns()
    {
        tree.Pf("0000:3b:00.0").File("/proc/net/route", Header + "ens1f0\t00000000\t0101A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n");

        var finding = Assert.Single(await check.RunAsync(new FakeLab(tree.Sysfs).Context(), Token));

        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Equal("sriov.default-route.0000:3b:00.0", finding.Id);
        Assert.Equal("the default route goes through ens1f0, PF 0000:3b:00.0, the planned PF", finding.Observed);
        Assert.StartsWith("Create the VFs on another PF", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_DefaultRouteOnBridgeOverBondOverPf_FollowsTheStack()
    {
        tree.Pf("0000:3b:00.0")
            .Folder("/sys/class/net/br0/brif/bond0")
            .Folder("/sys/class/net/bond0/lower_ens1f0")
            .File("/proc/net/route", Header + "br0\t00000000\t0101A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n");

        var finding = Assert.Single(await check.RunAsync(new FakeLab(tree.Sysfs).Context(new RunSettings { PfAddress = "0000:5e:00.0" }), Token));

        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Equal("the default route goes through br0 over ens1f0, PF 0000:3b:00.0", finding.Observed);
    }

    [Fact]
    public async Task RunAsync_Ipv6DefaultRouteOnPf_Warns()
    {
        tree.Pf("0000:3b:00.0").File(
            "/proc/net/ipv6_route",
            "00000000000000000000000000000000 00 00000000000000000000000000000000 00 fe800000000000000000000000000001 00000400 00000001 00000000 00000003   ens1f0\n" +
            "00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo\n");

        var finding = Assert.Single(await check.RunAsync(new FakeLab(tree.Sysfs).Context(), Token));

        Assert.Equal(FindingSeverity.Warning, finding.Severity);
    }

    [Fact]
    public async Task RunAsync_NoRouteFiles_IsOkWithoutDefaultRoute()
    {
        var finding = Assert.Single(await check.RunAsync(new FakeLab(tree.Sysfs).Context(), Token));

        Assert.Equal("no default route", finding.Observed);
    }

    public void Dispose() => tree.Dispose();
}
