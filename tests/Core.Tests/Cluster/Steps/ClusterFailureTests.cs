using System.Globalization;
using VirtSriov.Core.Cluster;
using VirtSriov.Core.Cluster.Simulation;
using VirtSriov.Core.Cluster.Steps;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Tests.Cluster.Steps;

/// <summary>Bad clusters, played by the simulated cluster's failure modes: each wait ends with cause and fix.</summary>
public sealed class ClusterFailureTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DpdkTestStep_ImageCannotBePulled_EndsTheWaitNamingTheImage()
    {
        await using var lab = new ClusterLabFake(faults: new SimulatedClusterFaults(ImagePullFails: true));
        var context = lab.Context(new RunSettings { PfAddress = "0000:3b:00.0", TestpmdImage = "quay.io/nobody/dpdk:missing" });
        await ClusterRunner.TuneAsync(context);
        await ClusterRunner.DeployDevicePluginAsync(context);
        var step = new DpdkTestStep(ClusterLabFake.FastWaits);

        var error = await Assert.ThrowsAsync<ActionableException>(async () => await step.ApplyAsync(context, await step.PlanAsync(context, Token), Token));

        Assert.Contains("ImagePullBackOff", error.Message, StringComparison.Ordinal);
        Assert.Contains("quay.io/nobody/dpdk:missing", error.Fix, StringComparison.Ordinal);
        Assert.Equal(nameof(RunSettings.TestpmdImage), error.Field);
    }

    [Fact]
    public async Task DpdkTestStep_PodAdmittedUnderAnyuid_StopsNamingTheSccBeforeTestpmdRuns()
    {
        await using var lab = new ClusterLabFake(faults: new SimulatedClusterFaults(AdmittedScc: "anyuid"));
        var context = lab.Context();
        await ClusterRunner.TuneAsync(context);
        await ClusterRunner.DeployDevicePluginAsync(context);
        var step = new DpdkTestStep(ClusterLabFake.FastWaits);

        var error = await Assert.ThrowsAsync<ActionableException>(async () => await step.ApplyAsync(context, await step.PlanAsync(context, Token), Token));

        Assert.Contains("was admitted under SCC 'anyuid', not restricted-v2", error.Message, StringComparison.Ordinal);
        Assert.Contains("openshift.io/required-scc", error.Fix, StringComparison.Ordinal);
        Assert.Empty(lab.Testpmd.Durations);
        Assert.Empty(lab.Log.Samples);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DpdkTestStep_ContainerRunsAsRoot_StopsAtTheUidLineWithoutCountingTraffic(bool openShift)
    {
        await using var lab = new ClusterLabFake(faults: new SimulatedClusterFaults(IsOpenShift: openShift, ContainerRunsAsRoot: true));
        var context = lab.Context();
        await ClusterRunner.TuneAsync(context);
        await ClusterRunner.DeployDevicePluginAsync(context);
        var step = new DpdkTestStep(ClusterLabFake.FastWaits);

        var error = await Assert.ThrowsAsync<ActionableException>(async () => await step.ApplyAsync(context, await step.PlanAsync(context, Token), Token));

        Assert.Contains("runs as root (uid 0)", error.Message, StringComparison.Ordinal);
        Assert.Contains("non-root", error.Fix, StringComparison.Ordinal);
        Assert.Equal("pod virtsriov-dpdk/testpmd log: \"virtsriov: uid=0\"", error.FailedCall);
        Assert.Empty(lab.Log.Samples);
    }

    [Fact]
    public async Task NodeTuningStep_PoolDegraded_EndsWithTheReasonAndReapplyAppliesNothingTwice()
    {
        await using var lab = new ClusterLabFake(faults: new SimulatedClusterFaults(PoolDegradedReason: "unexpected on-disk state validating against rendered-worker-2"));
        var context = lab.Context();
        var step = new NodeTuningStep(ClusterLabFake.FastWaits);
        var plan = await step.PlanAsync(context, Token);

        var first = await Assert.ThrowsAsync<ActionableException>(() => step.ApplyAsync(context, plan, Token));
        var changedLines = lab.Log.Lines.Count(l => l.Level == RunLogLevel.Command && l.Text.EndsWith(": changed", StringComparison.Ordinal));
        var second = await Assert.ThrowsAsync<ActionableException>(() => step.ApplyAsync(context, plan, Token));

        Assert.Contains("Degraded on virtsriov-worker-0: unexpected on-disk state", first.Message, StringComparison.Ordinal);
        Assert.Contains("apply this step again", first.Fix, StringComparison.Ordinal);
        Assert.Equal(3, changedLines);
        Assert.Equal(changedLines, lab.Log.Lines.Count(l => l.Level == RunLogLevel.Command && l.Text.EndsWith(": changed", StringComparison.Ordinal)));
        Assert.Contains("Degraded", second.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_ClusterWithoutNodeTuningOperator_BlocksWithTheFix()
    {
        await using var lab = new ClusterLabFake(faults: new SimulatedClusterFaults(ServesPerformanceProfile: false));
        var context = lab.Context();

        var cluster = await new ClusterStep().InspectAsync(context, Token);
        var tuning = await new NodeTuningStep(ClusterLabFake.FastWaits).InspectAsync(context, Token);

        var nto = Assert.Single(cluster, f => f.Title == "Node Tuning Operator");
        Assert.Equal(FindingSeverity.Error, nto.Severity);
        Assert.Contains("4.11", nto.Fix, StringComparison.Ordinal);
        Assert.Equal(FindingSeverity.Error, Assert.Single(tuning).Severity);
    }

    [Fact]
    public async Task DevicePluginStep_ResourceNeverAppears_TimesOutNamingResourceAndWhereToLook()
    {
        await using var lab = new ClusterLabFake(faults: new SimulatedClusterFaults(DevicePluginAdvertises: false));
        var context = lab.Context();
        await ClusterRunner.TuneAsync(context);
        var step = new DevicePluginStep(ClusterLabFake.FastWaits with { DevicePlugin = TimeSpan.FromMilliseconds(50) });

        var error = await Assert.ThrowsAsync<ActionableException>(async () => await step.ApplyAsync(context, await step.PlanAsync(context, Token), Token));

        Assert.Contains("waiting for every worker to advertise openshift.io/intelnics", error.Message, StringComparison.Ordinal);
        Assert.Contains("ds/kube-sriov-device-plugin", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DpdkTestStep_SimulatedCluster_ReportsFinalTotalsLossAndNoLineRate()
    {
        await using var lab = new ClusterLabFake();
        var context = lab.Context();
        await ClusterRunner.TuneAsync(context);
        await ClusterRunner.DeployDevicePluginAsync(context);
        var step = new DpdkTestStep(ClusterLabFake.FastWaits);

        var plan = await step.PlanAsync(context, Token);
        var outcome = await step.ApplyAsync(context, plan, Token);

        // The capture's accumulated forward statistics: 79,982,592 Tx and 79,982,528 Rx packets.
        Assert.Contains("sent 79,982,592, received 79,982,528, lost 64 packets", outcome.Summary, StringComparison.Ordinal);
        Assert.Contains("testpmd's final forward statistics", outcome.Summary, StringComparison.Ordinal);
        Assert.Contains("simulated, no line rate", outcome.Summary, StringComparison.Ordinal);
        Assert.Contains("bit rates not reported", outcome.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("% of the", outcome.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(14_880_952, 60, 10_000, 100.0)]
    [InlineData(1_488_095, 60, 10_000, 10.0)]
    [InlineData(8_127_000, 1514, 100_000, 100.0)]
    [InlineData(14_204_545, 64, 10_000, 100.0)] // testpmd's default --txpkts=64 is a 68-byte frame, 88 bytes on the wire

    public void LineRate_Percent_UsesPacketPlusFcsPlusTwentyBytesOnTheWire(long pps, int frame, long speedMbps, double expected) =>
        Assert.Equal(expected, LineRate.Percent(pps, frame, speedMbps), 1);
}
