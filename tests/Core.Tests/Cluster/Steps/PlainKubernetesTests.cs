using VirtSriov.Core.Cluster.Manifests;
using VirtSriov.Core.Cluster.Simulation;
using VirtSriov.Core.Cluster.Steps;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Tests.Cluster.Steps;

/// <summary>The cluster steps on a simulated plain Kubernetes cluster (IsOpenShift = false, workers tuned by hand).</summary>
public sealed class PlainKubernetesTests
{
    private static readonly SimulatedClusterFaults Plain = new(IsOpenShift: false);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ClusterStep_PlainKubernetes_WarnsWhatChangesAndAdopts()
    {
        await using var lab = new ClusterLabFake(faults: Plain);
        var context = lab.Context();
        var step = new ClusterStep();

        var findings = await step.InspectAsync(context, Token);
        var outcome = await ClusterRunner.ApplyAsync(step, context);

        var version = Assert.Single(findings, f => f.Id == "cluster.version");
        Assert.Equal(FindingSeverity.Warning, version.Severity);
        Assert.Contains("not OpenShift", version.Observed, StringComparison.Ordinal);
        Assert.Contains("Node tuning becomes manual", version.Why, StringComparison.Ordinal);
        Assert.DoesNotContain(findings, f => f.Severity == FindingSeverity.Error);
        Assert.True(outcome.Changed);
    }

    [Fact]
    public async Task NodeTuningStep_PlainKubernetes_PlansManualEquivalentsAndAppliesNothing()
    {
        await using var lab = new ClusterLabFake(faults: Plain);
        var context = lab.Context();
        var step = new NodeTuningStep(ClusterLabFake.FastWaits);

        var plan = await step.PlanAsync(context, Token);
        var outcome = await step.ApplyAsync(context, plan, Token);

        Assert.True(plan.NothingToDo);
        Assert.Equal(["manual-kernel-arguments.txt", "manual-vfio-pci.txt", "manual-container-runtime-memlock.txt"], plan.Artifacts.Select(a => a.Name));
        Assert.All(plan.Artifacts, a => Assert.Equal("text", a.Language));
        Assert.Contains("intel_iommu=on iommu=pt module_blacklist=iavf default_hugepagesz=1G hugepagesz=1G hugepages=4", plan.Artifacts[0].Content, StringComparison.Ordinal);
        Assert.Contains("options vfio-pci ids=8086:154c", plan.Artifacts[1].Content, StringComparison.Ordinal);
        Assert.Contains("LimitMEMLOCK=infinity", plan.Artifacts[2].Content, StringComparison.Ordinal);
        Assert.False(outcome.Changed);
        Assert.Contains("hugepages are advertised", outcome.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodeTuningStep_PlainKubernetesWithoutHugepages_FailsPointingToTheManualSteps()
    {
        await using var lab = new ClusterLabFake(faults: Plain);
        var context = lab.Context(new RunSettings { PfAddress = "0000:3b:00.0", HugepageSize = "2M" });
        var step = new NodeTuningStep(ClusterLabFake.FastWaits);

        var error = await Assert.ThrowsAsync<ActionableException>(async () => await step.ApplyAsync(context, await step.PlanAsync(context, Token), Token));

        Assert.Contains("advertise no hugepages-2Mi", error.Message, StringComparison.Ordinal);
        Assert.Contains("manual-kernel-arguments.txt", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevicePluginAndDpdkTest_PlainKubernetes_NoSccObjectsAndTheTestForwards()
    {
        await using var lab = new ClusterLabFake(faults: Plain);
        var context = lab.Context();
        await ClusterRunner.TuneAsync(context);
        var step = new DevicePluginStep(ClusterLabFake.FastWaits);

        var plan = await step.PlanAsync(context, Token);
        var deployed = await step.ApplyAsync(context, plan, Token);
        var tested = await ClusterRunner.RunTestpmdAsync(context);

        Assert.Equal(4, plan.Changes.Count);
        Assert.DoesNotContain(plan.Changes, c => c.Target.Contains(ManifestNames.PrivilegedSccRoleBinding, StringComparison.Ordinal));
        Assert.DoesNotContain("securitycontextconstraints", plan.Artifacts[0].Content, StringComparison.Ordinal);
        Assert.Contains(plan.Warnings, w => w.Contains("no SCC", StringComparison.Ordinal));
        Assert.Contains("virtsriov-worker-1: 2", deployed.Summary, StringComparison.Ordinal);
        Assert.Contains("From a non-root pod", tested.Summary, StringComparison.Ordinal);
    }
}
