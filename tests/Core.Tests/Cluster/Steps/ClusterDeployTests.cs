using VirtSriov.Core.Cluster;
using VirtSriov.Core.Cluster.Steps;
using VirtSriov.Core.Kcli;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tests.Kcli;
using VirtSriov.TestDoubles;

namespace VirtSriov.Core.Tests.Cluster.Steps;

/// <summary>
/// The Cluster step deploying with the stand-in kcli: the kubeconfig kcli wrote is stored with the lab and the new
/// cluster (here the simulated one, reached through the connect seam) is adopted.
/// </summary>
public sealed class ClusterDeployTests : IDisposable
{
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("virtsriov-deploy-");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static RunSettings Deploy => new() { PfAddress = "0000:3b:00.0", DeployClusterWithKcli = true };

    [Fact]
    public async Task ApplyAsync_NoClusterAndKcli_DeploysStoresKubeconfigAndAdopts()
    {
        await using var world = new ClusterLabFake();
        var lab = Undeployed(world);
        var labs = new InMemoryLabStore();
        var connected = new List<string>();
        var step = new ClusterStep(labs, null, Deployer(), (kubeconfig, _) =>
        {
            connected.Add(kubeconfig);
            return world.Cluster;
        });
        var context = lab.Context(world.Log, Deploy, world.Time);

        var findings = await step.InspectAsync(context, Token);
        var plan = await step.PlanAsync(context, Token);
        var outcome = await step.ApplyAsync(context, plan, Token);

        Assert.Equal("cluster.kcli", Assert.Single(findings).Id);
        Assert.True(plan.DetailsAs<ClusterPlanDetails>().Deploy);
        Assert.Contains(plan.Changes, c => c.Description.StartsWith("kcli create kube openshift --paramfile kcli-parameters.yml virtsriov", StringComparison.Ordinal));
        Assert.Contains("pull_secret: " + Path.Combine(work.FullName, "pull.json"), Assert.Single(plan.Artifacts).Content, StringComparison.Ordinal);
        var stored = Assert.Single(labs.Kubeconfigs);
        Assert.Equal(lab.Lab.Id, stored.Key);
        Assert.Equal(stored.Value, Assert.Single(connected));
        Assert.True(outcome.Changed);
        Assert.Contains("Deployed the cluster virtsriov with kcli", outcome.Summary, StringComparison.Ordinal);
        Assert.Contains(world.Log.Lines, l => l.Level == RunLogLevel.Output && l.Text == "INFO Install complete!");
        Assert.Contains(world.Log.Lines, l => l.Text.StartsWith("Adopting the cluster", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ApplyAsync_KcliFailsMidway_StoresNothingAndSaysWhatToDo()
    {
        await using var world = new ClusterLabFake();
        var lab = Undeployed(world);
        var labs = new InMemoryLabStore();
        var step = new ClusterStep(labs, null, Deployer(), (_, _) => world.Cluster);
        var context = lab.Context(world.Log, Deploy with { ClusterName = "failboot" }, world.Time);

        var error = await Assert.ThrowsAsync<ActionableException>(async () => await step.ApplyAsync(context, await step.PlanAsync(context, Token), Token));

        Assert.Contains("exit code 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("kcli delete kube failboot --yes", error.Fix, StringComparison.Ordinal);
        Assert.Empty(labs.Kubeconfigs);
    }

    [Fact]
    public async Task PlanAsync_NoClusterAndAdoptChosen_SaysUploadKubeconfig()
    {
        await using var world = new ClusterLabFake();
        var lab = Undeployed(world);
        var step = new ClusterStep(new InMemoryLabStore(), null, Deployer());

        var error = await Assert.ThrowsAsync<ActionableException>(() => step.PlanAsync(lab.Context(world.Log, Deploy with { DeployClusterWithKcli = false }, world.Time), Token));

        Assert.Equal("Kubeconfig", error.Field);
        Assert.Contains("Labs page", error.Fix, StringComparison.Ordinal);
    }

    public void Dispose() => work.Delete(recursive: true);

    private KcliDeployer Deployer()
    {
        var secret = Path.Combine(work.FullName, "pull.json");
        File.WriteAllText(secret, "{\"auths\":{}}");
        return new KcliDeployer(work.FullName, FakeKcli.Path, secret);
    }

    /// <summary>A host lab before its cluster exists: the world's host, no kubeconfig, real programs.</summary>
    private static FakeLab Undeployed(ClusterLabFake world) => new(world.Sysfs, world.Hypervisor, new ProcessRunner())
    {
        Lab = new(Guid.NewGuid(), "host", LabKind.Host, "/", "qemu:///system", false, DateTimeOffset.UnixEpoch),
    };
}
