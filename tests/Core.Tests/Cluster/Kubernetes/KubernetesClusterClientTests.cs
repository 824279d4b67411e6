using k8s.Models;
using VirtSriov.Core.Cluster;
using VirtSriov.Core.Cluster.Kubernetes;
using Xunit;

namespace VirtSriov.Core.Tests.Cluster.Kubernetes;

public sealed class KubernetesClusterClientTests
{
    private const string Kubeconfig = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: lab
          cluster:
            server: https://127.0.0.1:6443
            insecure-skip-tls-verify: true
        users:
        - name: admin
          user:
            token: not-a-real-token
        contexts:
        - name: lab
          context:
            cluster: lab
            user: admin
        current-context: lab
        """;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void FromKubeconfig_KubeconfigText_IsARealNotSimulatedClient()
    {
        using var client = KubernetesClusterClient.FromKubeconfig(Kubeconfig, TimeProvider.System);

        Assert.False(client.IsSimulated);
    }

    [Theory]
    [InlineData("v1", "ConfigMap", "ns", "cm", "/api/v1/namespaces/ns/configmaps/cm")]
    [InlineData("v1", "Namespace", null, "ns", "/api/v1/namespaces/ns")]
    [InlineData("apps/v1", "DaemonSet", "ns", "ds", "/apis/apps/v1/namespaces/ns/daemonsets/ds")]
    [InlineData("machineconfiguration.openshift.io/v1", "MachineConfig", null, "mc", "/apis/machineconfiguration.openshift.io/v1/machineconfigs/mc")]
    [InlineData("performance.openshift.io/v2", "PerformanceProfile", null, "pp", "/apis/performance.openshift.io/v2/performanceprofiles/pp")]
    public void KubernetesResource_Kind_MapsToItsApiPath(string apiVersion, string kind, string? ns, string name, string path)
    {
        var target = new ObjectReference(apiVersion, kind, ns, name);

        Assert.Equal(path, KubernetesResource.For(target).PathOf(target));
    }

    /// <summary>Needs a real API server: set VIRTSRIOV_TEST_KUBECONFIG to the kubeconfig of a disposable one (e.g. started from KUBEBUILDER_ASSETS).</summary>
    [Fact]
    public async Task ApplyAsync_RealApiServer_SecondApplyChangesNothing()
    {
        var path = Environment.GetEnvironmentVariable("VIRTSRIOV_TEST_KUBECONFIG");
        Assert.SkipWhen(
            string.IsNullOrEmpty(path) || !File.Exists(path),
            "No API server here: set VIRTSRIOV_TEST_KUBECONFIG to the kubeconfig of a disposable kube-apiserver (kube-apiserver from KUBEBUILDER_ASSETS + etcd) to run this test.");
        using var client = KubernetesClusterClient.FromKubeconfig(await File.ReadAllTextAsync(path!, Token), TimeProvider.System);
        var configMap = ApplyTestConfigMap();

        var info = await client.GetInfoAsync(Token);
        var first = await client.ApplyAsync([configMap], dryRun: false, Token);
        var second = await client.ApplyAsync([configMap], dryRun: false, Token);
        var deleted = await client.DeleteAsync(ObjectReference.Of(configMap), Token);

        Assert.StartsWith("v1.", info.Version, StringComparison.Ordinal);
        Assert.True(Assert.Single(first).Changed);
        Assert.False(Assert.Single(second).Changed);
        Assert.True(deleted);
    }

    /// <summary>The API server refuses ConfigMap keys outside [-._a-zA-Z0-9]+; the real-server test must not trip on its own data.</summary>
    [Fact]
    public void ApplyTestConfigMap_Keys_AreLegalConfigMapKeys()
    {
        var keys = ApplyTestConfigMap().Data.Keys;

        Assert.All(keys, key => Assert.Matches("^[-._a-zA-Z0-9]+$", key));
    }

    /// <summary>A legal key, and a value with YAML-significant characters that must round-trip unchanged.</summary>
    private static V1ConfigMap ApplyTestConfigMap() => new()
    {
        ApiVersion = "v1",
        Kind = V1ConfigMap.KubeKind,
        Metadata = new V1ObjectMeta { Name = "virtsriov-apply-test-" + Guid.NewGuid().ToString("N")[..8], NamespaceProperty = "default" },
        Data = new Dictionary<string, string> { ["it.s_a-key"] = "it's: b #c" },
    };
}
