using VirtSriov.Core.Cluster;
using VirtSriov.Core.Cluster.Simulation;
using VirtSriov.Core.Cluster.Steps;

namespace VirtSriov.Core.Tests.Cluster.Steps;

/// <summary>An adopted cluster that already runs the SR-IOV Network Operator is detected and the plan says why and what clashes.</summary>
public sealed class DevicePluginSriovOperatorTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Plan_SriovOperatorInstalled_WarnsWhyTheStandalonePluginAndWhatWouldConflict()
    {
        await using var lab = new ClusterLabFake(faults: new SimulatedClusterFaults(SriovOperatorInstalled: true));

        var plan = await new DevicePluginStep(ClusterLabFake.FastWaits).PlanAsync(lab.Context(), Token);

        var warning = Assert.Single(plan.Warnings, w => w.Contains("SR-IOV Network Operator", StringComparison.Ordinal));
        Assert.Contains(ClusterNames.SriovNetworkNodePoliciesCrd, warning, StringComparison.Ordinal);
        Assert.Contains("SriovNetworkNodePolicy selecting these workers", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_NoSriovOperator_NoSuchWarning()
    {
        await using var lab = new ClusterLabFake();

        var plan = await new DevicePluginStep(ClusterLabFake.FastWaits).PlanAsync(lab.Context(), Token);

        Assert.DoesNotContain(plan.Warnings, w => w.Contains("SR-IOV Network Operator", StringComparison.Ordinal));
    }
}
