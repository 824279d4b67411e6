using VirtSriov.Core.Cluster;
using VirtSriov.Core.Cluster.Kubernetes;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Tests.Cluster.Kubernetes;

/// <summary>The real client against a fake API server on loopback: each bad answer ends in a message naming cause and fix.</summary>
public sealed class KubernetesClusterClientFailureTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetInfoAsync_ExpiredToken401_SaysLogInAgainAndUploadKubeconfig()
    {
        await using var server = new LoopbackApiServer(c => LoopbackApiServer.WriteAsync(
            c.Response, 401, "application/json", """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}"""));
        using var client = KubernetesClusterClient.FromKubeconfig(server.Kubeconfig, TimeProvider.System);

        var error = await Assert.ThrowsAsync<ActionableException>(() => client.GetInfoAsync(Token));

        Assert.Contains("401", error.Message, StringComparison.Ordinal);
        Assert.Contains("expired", error.Fix, StringComparison.Ordinal);
        Assert.Contains("upload the new kubeconfig", error.Fix, StringComparison.Ordinal);
        Assert.Equal("Kubeconfig", error.Field);
        Assert.Equal("GET /version", error.FailedCall);
    }

    [Fact]
    public async Task GetInfoAsync_ServerAnswersHtml_SaysItIsNotTheApiServer()
    {
        await using var server = new LoopbackApiServer(c => LoopbackApiServer.WriteAsync(
            c.Response, 200, "application/json", "<html><body>Log in to the proxy</body></html>"));
        using var client = KubernetesClusterClient.FromKubeconfig(server.Kubeconfig, TimeProvider.System);

        var error = await Assert.ThrowsAsync<ActionableException>(() => client.GetInfoAsync(Token));

        Assert.Contains("not the Kubernetes API", error.Message, StringComparison.Ordinal);
        Assert.Contains("port 6443", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetInfoAsync_NothingListening_SaysCheckServerAddress()
    {
        var kubeconfig = LoopbackApiServer.KubeconfigFor($"http://127.0.0.1:{LoopbackApiServer.FreePort()}");
        using var client = KubernetesClusterClient.FromKubeconfig(kubeconfig, TimeProvider.System);

        var error = await Assert.ThrowsAsync<ActionableException>(() => client.GetInfoAsync(Token));

        Assert.Contains("could not be reached", error.Message, StringComparison.Ordinal);
        Assert.Contains("server address", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetPodStateAsync_ImagePullBackOff_ReportsStuckWithKubeletMessage()
    {
        await using var server = new LoopbackApiServer(c => LoopbackApiServer.WriteAsync(c.Response, 200, "application/json", """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"testpmd","namespace":"virtsriov-dpdk"},
             "status":{"phase":"Pending","containerStatuses":[{"name":"testpmd","ready":false,"restartCount":0,"image":"quay.io/x/nope:1","imageID":"",
               "state":{"waiting":{"reason":"ImagePullBackOff","message":"Back-off pulling image \"quay.io/x/nope:1\""}}}]}}
            """));
        using var client = KubernetesClusterClient.FromKubeconfig(server.Kubeconfig, TimeProvider.System);

        var state = await client.GetPodStateAsync("virtsriov-dpdk", "testpmd", Token);

        Assert.NotNull(state);
        Assert.True(state.IsStuck);
        Assert.Equal("ImagePullBackOff", state.WaitingReason);
        Assert.Contains("quay.io/x/nope:1", state.WaitingMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PoolReads_RenderedConfigAndNodeAnnotations_AreReadFromSpecConfigurationAndTheDaemon()
    {
        await using var server = new LoopbackApiServer(c => LoopbackApiServer.WriteAsync(c.Response, 200, "application/json", c.Request.Url!.AbsolutePath switch
        {
            "/apis/machineconfiguration.openshift.io/v1/machineconfigpools/worker" => """
                {"apiVersion":"machineconfiguration.openshift.io/v1","kind":"MachineConfigPool","metadata":{"name":"worker"},
                 "spec":{"nodeSelector":{"matchLabels":{"node-role.kubernetes.io/worker":""}},
                         "configuration":{"name":"rendered-worker-2","source":[{"kind":"MachineConfig","name":"00-worker"},{"kind":"MachineConfig","name":"50-performance-virtsriov-dpdk"}]}},
                 "status":{"machineCount":1,"updatedMachineCount":0,"conditions":[{"type":"Degraded","status":"True","reason":"1 nodes are reporting degraded status on sync","message":"Node w0 is reporting: \"unexpected on-disk state\""}]}}
                """,
            _ => """
                {"apiVersion":"v1","kind":"NodeList","items":[{"metadata":{"name":"w0","annotations":{
                  "machineconfiguration.openshift.io/currentConfig":"rendered-worker-1",
                  "machineconfiguration.openshift.io/desiredConfig":"rendered-worker-2",
                  "machineconfiguration.openshift.io/state":"Degraded",
                  "machineconfiguration.openshift.io/reason":"unexpected on-disk state validating against rendered-worker-2"}},
                  "status":{"nodeInfo":{"bootID":"0b6d1c1e-5ad4-4b0c-9b7e-1f0e8c6a2d11","machineID":"m","systemUUID":"s","kernelVersion":"k","osImage":"o","containerRuntimeVersion":"c","kubeletVersion":"v","kubeProxyVersion":"v","operatingSystem":"linux","architecture":"amd64"},
                            "conditions":[{"type":"Ready","status":"True"}]}}]}
                """,
        }));
        using var client = KubernetesClusterClient.FromKubeconfig(server.Kubeconfig, TimeProvider.System);

        var pool = await client.GetPoolAsync("worker", Token);
        var node = Assert.Single(await client.GetPoolNodesAsync("worker", Token));

        Assert.Equal("rendered-worker-2", pool.RenderedConfig);
        Assert.Equal(["00-worker", "50-performance-virtsriov-dpdk"], pool.Sources);
        Assert.Contains("unexpected on-disk state", pool.DegradedReason, StringComparison.Ordinal);
        Assert.Equal(new MachineConfigNodeState("w0", "rendered-worker-1", "rendered-worker-2", "Degraded", "0b6d1c1e-5ad4-4b0c-9b7e-1f0e8c6a2d11", "unexpected on-disk state validating against rendered-worker-2"), node);
        Assert.False(node.IsOn("rendered-worker-2"));
    }

    [Fact]
    public void FromKubeconfig_NotYaml_IsActionable()
    {
        var error = Assert.ThrowsAny<Exception>(() => KubeconfigContexts.List("{{{ this is : not : yaml"));

        var actionable = Assert.IsType<ActionableException>(error);
        Assert.Contains("not a kubeconfig", actionable.Message, StringComparison.Ordinal);
        Assert.Equal("Kubeconfig", actionable.Field);
    }
}
