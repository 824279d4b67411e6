using VirtSriov.Core.Cluster.Steps;
using VirtSriov.Core.Kcli;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tests.Kcli;

namespace VirtSriov.Core.Tests.Cluster.Steps;

/// <summary>A cluster the run deployed with kcli is deleted only with the operator's explicit consent.</summary>
public sealed class ClusterStepTeardownTests
{
    private static readonly PlanArtifact Deployed = new(KcliDeployer.DeploymentRecordName, "text", "virtsriov");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Teardown_KcliDeployedWithoutConsent_KeepsTheClusterAndSaysSo()
    {
        await using var lab = new ClusterLabFake();
        var step = new ClusterStep(kcli: new KcliDeployer(lab.StateFolder, FakeKcli.Path));
        var context = lab.Context() with { Recorded = [Deployed], Teardown = TeardownOptions.KeepCluster };

        var outcome = await step.TeardownAsync(context, Token);

        Assert.Contains("The kcli cluster virtsriov stays", outcome.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(lab.Log.Lines, l => l.Text.Contains("delete kube", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Teardown_KcliDeployedWithConsent_RunsKcliDeleteKube()
    {
        await using var lab = new ClusterLabFake();
        var step = new ClusterStep(kcli: new KcliDeployer(lab.StateFolder, FakeKcli.Path));
        var context = lab.Context() with { Recorded = [Deployed], Teardown = new TeardownOptions(DeleteKcliCluster: true) };

        var outcome = await step.TeardownAsync(context, Token);

        Assert.True(outcome.Changed);
        Assert.Contains("Deleted the kcli cluster virtsriov", outcome.Summary, StringComparison.Ordinal);
        Assert.Contains(lab.Log.Lines, l => l.Level == RunLogLevel.Command && l.Text.EndsWith("delete kube --yes virtsriov", StringComparison.Ordinal));
        Assert.Contains(lab.Log.Lines, l => l.Text == "Deleting cluster virtsriov");
    }

    [Fact]
    public async Task Teardown_AdoptedCluster_NeverCallsKcliEvenWithConsent()
    {
        await using var lab = new ClusterLabFake();
        var step = new ClusterStep(kcli: new KcliDeployer(lab.StateFolder, FakeKcli.Path));
        var context = lab.Context() with { Recorded = [], Teardown = new TeardownOptions(DeleteKcliCluster: true) };

        await step.TeardownAsync(context, Token);

        Assert.DoesNotContain(lab.Log.Lines, l => l.Text.Contains("delete kube", StringComparison.Ordinal));
    }
}
