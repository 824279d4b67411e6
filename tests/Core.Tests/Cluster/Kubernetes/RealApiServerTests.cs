using VirtSriov.Core.Cluster;
using VirtSriov.Core.Cluster.Kubernetes;
using VirtSriov.Core.Cluster.Manifests;
using VirtSriov.Core.Steps;
using k8s;
using k8s.Models;

namespace VirtSriov.Core.Tests.Cluster.Kubernetes;

/// <summary>
/// Server-side apply and teardown of every manifest against a real kube-apiserver with the real OpenShift CRDs
/// installed (see <see cref="EnvtestApiServer"/>); skipped with the reason when none can run here.
/// </summary>
public sealed class RealApiServerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ApplyTeardown_RealApiServerWithCrds_CreatesThenNoOpThenRemovesAll()
    {
        var unavailable = EnvtestApiServer.Unavailable();
        Assert.SkipWhen(unavailable is not null, unavailable ?? "");
        ReferenceSchemas.SkipUnlessPresent();
        await using var server = await EnvtestApiServer.StartAsync(Token);
        using var client = KubernetesClusterClient.FromKubeconfig(server.Kubeconfig, TimeProvider.System);
        var set = ManifestSet.Create(new RunSettings(), new ManifestInputs([new("8086", "154c")], 8));
        IReadOnlyList<IKubernetesObject<V1ObjectMeta>> objects = [.. set.NodeTuning, .. set.DevicePlugin, set.TestNamespace];

        var info = await client.GetInfoAsync(Token);
        var first = await client.ApplyAsync(objects, dryRun: false, Token);
        var second = await client.ApplyAsync(objects, dryRun: false, Token);
        var deleted = new List<bool>();
        foreach (var item in objects.Reverse())
        {
            deleted.Add(await client.DeleteAsync(ObjectReference.Of(item), Token));
        }

        Assert.False(info.IsOpenShift);
        Assert.Contains(ClusterNames.PerformanceProfilesCrd, info.ServedCrds);
        Assert.Contains(ClusterNames.MachineConfigsCrd, info.ServedCrds);
        Assert.All(first, r => Assert.True(r.Changed, $"{r.Target} should have been created"));
        Assert.All(second, r => Assert.False(r.Changed, $"{r.Target} changed on re-apply"));
        Assert.All(deleted, Assert.True);
        Assert.False(await client.DeleteAsync(ObjectReference.Of(set.PerformanceProfile), Token));
    }

    [Fact]
    public void ApiServerArguments_AllowPrivileged_SoTheDevicePluginDaemonSetIsAdmitted()
    {
        var arguments = EnvtestApiServer.ApiServerArguments(2379, 6443, "/tmp/envtest", "/tmp/envtest/tokens.csv", "/tmp/envtest/sa.pem");

        Assert.Contains("--allow-privileged=true", arguments);
    }
}
