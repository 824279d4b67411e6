using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VirtSriov.Core.Steps;
using k8s;
using k8s.Autorest;
using k8s.Models;

using VirtSriov.Core.Cluster.Manifests;

namespace VirtSriov.Core.Cluster.Kubernetes;

/// <summary>
/// The cluster seam over a real API server (KubernetesClient, from kubeconfig text). Apply is server-side apply
/// (field manager <see cref="ClusterNames.FieldManager"/>, force); the pool's rendered config and its nodes'
/// Machine Config Daemon annotations are read for <see cref="PoolRollout"/>.
/// </summary>
public sealed class KubernetesClusterClient : IClusterClient, IDisposable
{
    private const string McoState = "machineconfiguration.openshift.io/state";
    private const string McoCurrentConfig = "machineconfiguration.openshift.io/currentConfig";
    private const string McoDesiredConfig = "machineconfiguration.openshift.io/desiredConfig";
    private const string McoReason = "machineconfiguration.openshift.io/reason";

    /// <summary>Consecutive log reconnects that bring no new line before the follow gives up.</summary>
    private const int MaxFruitlessReconnects = 5;

    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromMilliseconds(500);
    private const string McoGroup = "machineconfiguration.openshift.io";

    private static readonly string[] RecipeCrds =
    [
        ClusterNames.PerformanceProfilesCrd,
        ClusterNames.MachineConfigsCrd,
        "machineconfigpools.machineconfiguration.openshift.io",
        "securitycontextconstraints.security.openshift.io",
        ClusterNames.SriovNetworkNodePoliciesCrd,
    ];

    private readonly k8s.Kubernetes client;
    private readonly TimeProvider time;
    private readonly TimeSpan pollInterval;

    public KubernetesClusterClient(k8s.Kubernetes client, TimeProvider time, TimeSpan? pollInterval = null)
    {
        this.client = client;
        this.time = time;
        this.pollInterval = pollInterval ?? TimeSpan.FromSeconds(10);
    }

    public bool IsSimulated => false;

    /// <summary>A client for the current context of a kubeconfig (the text is never logged).</summary>
    public static KubernetesClusterClient FromKubeconfig(string kubeconfigYaml, TimeProvider time)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(kubeconfigYaml));
        return new KubernetesClusterClient(new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(stream)), time);
    }

    public async Task<ClusterInfo> GetInfoAsync(CancellationToken cancellationToken)
    {
        var version = await Call("GET /version", () => client.Version.GetCodeAsync(cancellationToken)).ConfigureAwait(false);
        var nodes = await Call("GET /api/v1/nodes", () => client.CoreV1.ListNodeAsync(cancellationToken: cancellationToken)).ConfigureAwait(false);
        var crds = await Call(
            "GET /apis/apiextensions.k8s.io/v1/customresourcedefinitions",
            () => client.ApiextensionsV1.ListCustomResourceDefinitionAsync(cancellationToken: cancellationToken)).ConfigureAwait(false);
        var served = crds.Items.Where(c => c.Spec.Versions.Any(v => v.Served)).Select(c => c.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        var isOpenShift = served.Contains("clusterversions.config.openshift.io");
        return new ClusterInfo(
            version.GitVersion,
            isOpenShift,
            isOpenShift ? await OpenShiftVersionAsync(cancellationToken).ConfigureAwait(false) : null,
            nodes.Items.Select(ToClusterNode).ToList(),
            RecipeCrds.Where(served.Contains).ToList());
    }

    public async Task<IReadOnlyList<ApplyResult>> ApplyAsync(IReadOnlyList<IKubernetesObject<V1ObjectMeta>> objects, bool dryRun, CancellationToken cancellationToken)
    {
        var results = new List<ApplyResult>();
        foreach (var item in objects)
        {
            var target = ObjectReference.Of(item);
            var resource = KubernetesResource.For(target);
            var before = await GetJsonAsync(resource, target, cancellationToken).ConfigureAwait(false);
            var after = await Call(
                $"PATCH {resource.PathOf(target)} (server-side apply{(dryRun ? ", dry run" : "")})",
                () => PatchAsync(resource, target, new V1Patch(item, V1Patch.PatchType.ApplyPatch), dryRun, cancellationToken)).ConfigureAwait(false);
            results.Add(new ApplyResult(target, before is null || !JsonNode.DeepEquals(WithoutServerFields(before), WithoutServerFields(after))));
        }

        return results;
    }

    public async Task<MachineConfigPoolState> GetPoolAsync(string pool, CancellationToken cancellationToken)
    {
        var json = await PoolJsonAsync(pool, cancellationToken).ConfigureAwait(false);
        var status = json["status"];
        var conditions = status?["conditions"]?.AsArray() ?? [];
        var updated = conditions.Any(c => (string?)c?["type"] == "Updated" && (string?)c?["status"] == "True");
        var degraded = conditions.FirstOrDefault(c => (string?)c?["type"] == "Degraded" && (string?)c?["status"] == "True");
        var configuration = json["spec"]?["configuration"];
        return new MachineConfigPoolState(
            pool,
            (bool?)json["spec"]?["paused"] ?? false,
            updated,
            (int?)status?["machineCount"] ?? 0,
            (int?)status?["updatedMachineCount"] ?? 0,
            degraded is null ? null : (string?)degraded["message"] ?? (string?)degraded["reason"] ?? "Degraded",
            (string?)configuration?["name"],
            (configuration?["source"]?.AsArray() ?? []).Select(s => (string?)s?["name"]).OfType<string>().ToList());
    }

    public async Task<bool> SetPoolPausedAsync(string pool, bool paused, CancellationToken cancellationToken)
    {
        var current = await GetPoolAsync(pool, cancellationToken).ConfigureAwait(false);
        if (current.Paused == paused)
        {
            return false;
        }

        var patch = new V1Patch(new JsonObject { ["spec"] = new JsonObject { ["paused"] = paused } }, V1Patch.PatchType.MergePatch);
        await Call(
            $"PATCH /apis/{McoGroup}/v1/machineconfigpools/{pool} spec.paused={paused}",
            () => client.CustomObjects.PatchClusterCustomObjectAsync(patch, McoGroup, "v1", "machineconfigpools", pool, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return true;
    }

    public async Task<IReadOnlyList<MachineConfigNodeState>> GetPoolNodesAsync(string pool, CancellationToken cancellationToken)
    {
        var poolJson = await PoolJsonAsync(pool, cancellationToken).ConfigureAwait(false);
        var selector = string.Join(',', (poolJson["spec"]?["nodeSelector"]?["matchLabels"]?.AsObject() ?? []).Select(l => $"{l.Key}={(string?)l.Value}"));
        var nodes = await Call(
            $"GET /api/v1/nodes?labelSelector={selector}",
            () => client.CoreV1.ListNodeAsync(labelSelector: selector, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return nodes.Items.Select(ToMachineConfigNode).ToList();
    }

    public async Task<long> GetAllocatableAsync(string node, string resource, CancellationToken cancellationToken)
    {
        var read = await Call($"GET /api/v1/nodes/{node}", () => client.CoreV1.ReadNodeAsync(node, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return read.Status?.Allocatable?.TryGetValue(resource, out var quantity) == true ? (long)quantity.ToDecimal() : 0;
    }

    public Task CreatePodAsync(V1Pod pod, CancellationToken cancellationToken) =>
        Call(
            $"POST /api/v1/namespaces/{pod.Metadata.NamespaceProperty}/pods",
            () => client.CoreV1.CreateNamespacedPodAsync(pod, pod.Metadata.NamespaceProperty, fieldManager: ClusterNames.FieldManager, cancellationToken: cancellationToken));

    public async Task<PodState?> GetPodStateAsync(string ns, string name, CancellationToken cancellationToken)
    {
        var pod = await CallOrNotFound(
            $"GET /api/v1/namespaces/{ns}/pods/{name}",
            () => client.CoreV1.ReadNamespacedPodAsync(name, ns, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (pod is null)
        {
            return null;
        }

        var waiting = pod.Status?.ContainerStatuses?.Select(c => c.State?.Waiting).FirstOrDefault(w => w is not null);
        return new PodState(
            pod.Status?.Phase ?? "Pending",
            waiting?.Reason,
            waiting?.Message,
            pod.Metadata?.Annotations?.TryGetValue(TestpmdPodManifest.AdmittedSccAnnotation, out var scc) == true ? scc : null);
    }

    /// <summary>
    /// Follows with <c>timestamps=true</c>. When the connection drops (the API server or kubelet restarts, a proxy
    /// times out), the log is read again and <see cref="PodLogPosition"/> skips what was already yielded; the
    /// kubelet's own <c>sinceTime</c> has only second precision, and reading from the start cannot lose a line.
    /// </summary>
    public async IAsyncEnumerable<string> FollowPodLogAsync(string ns, string name, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var call = $"GET /api/v1/namespaces/{ns}/pods/{name}/log?follow=true&timestamps=true";
        var position = new PodLogPosition();
        var fruitless = 0;
        while (true)
        {
            var stream = await Call(
                call,
                () => client.CoreV1.ReadNamespacedPodLogAsync(name, ns, follow: true, timestamps: true, cancellationToken: cancellationToken)).ConfigureAwait(false);
            position.StartRead();
            var progressed = false;
            var dropped = false;
            using (var reader = new StreamReader(stream))
            {
                while (await ReadLineOrDropAsync(reader, cancellationToken).ConfigureAwait(false) is { } read)
                {
                    if (read.Dropped)
                    {
                        dropped = true;
                        break;
                    }

                    if (position.Accept(read.Line!, out var text))
                    {
                        progressed = true;
                        yield return text;
                    }
                }
            }

            var state = await GetPodStateAsync(ns, name, cancellationToken).ConfigureAwait(false);
            if (!dropped && state?.Phase is null or "Succeeded" or "Failed")
            {
                yield break;
            }

            fruitless = progressed ? 0 : fruitless + 1;
            if (fruitless > MaxFruitlessReconnects)
            {
                throw new ActionableException(
                    $"The log of pod {ns}/{name} keeps disconnecting without new lines ({MaxFruitlessReconnects} reconnects).",
                    $"Check the API server and the node's kubelet; `oc logs -n {ns} {name}` shows the log meanwhile.",
                    call);
            }

            await Task.Delay(ReconnectDelay, time, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<bool> DeleteAsync(ObjectReference target, CancellationToken cancellationToken)
    {
        var resource = KubernetesResource.For(target);
        var deleted = await CallOrNotFound<object>($"DELETE {resource.PathOf(target)}", async () => target.Kind switch
        {
            V1Namespace.KubeKind => await client.CoreV1.DeleteNamespaceAsync(target.Name, cancellationToken: cancellationToken).ConfigureAwait(false),
            V1ServiceAccount.KubeKind => await client.CoreV1.DeleteNamespacedServiceAccountAsync(target.Name, target.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false),
            V1ConfigMap.KubeKind => await client.CoreV1.DeleteNamespacedConfigMapAsync(target.Name, target.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false),
            V1Pod.KubeKind => await client.CoreV1.DeleteNamespacedPodAsync(target.Name, target.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false),
            _ when resource.Namespaced => await client.CustomObjects.DeleteNamespacedCustomObjectAsync(resource.Group, resource.Version, target.Namespace, resource.Plural, target.Name, cancellationToken: cancellationToken).ConfigureAwait(false),
            _ => await client.CustomObjects.DeleteClusterCustomObjectAsync(resource.Group, resource.Version, resource.Plural, target.Name, cancellationToken: cancellationToken).ConfigureAwait(false),
        }).ConfigureAwait(false);
        return deleted is not null;
    }

    public void Dispose() => client.Dispose();

    /// <summary>The next line, null at the end of the stream, or a drop when the connection broke mid-stream.</summary>
    private static async Task<LogRead?> ReadLineOrDropAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line ? new LogRead(line, false) : null;
        }
        catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            return new LogRead(null, true);
        }
    }

    private static ClusterNode ToClusterNode(V1Node node)
    {
        const string rolePrefix = "node-role.kubernetes.io/";
        var roles = (node.Metadata.Labels ?? new Dictionary<string, string>())
            .Keys.Where(k => k.StartsWith(rolePrefix, StringComparison.Ordinal))
            .Select(k => k[rolePrefix.Length..])
            .ToList();
        return new ClusterNode(node.Metadata.Name, roles, Quantities(node.Status?.Capacity), Quantities(node.Status?.Allocatable));
    }

    private static Dictionary<string, string> Quantities(IDictionary<string, ResourceQuantity>? quantities) =>
        (quantities ?? new Dictionary<string, ResourceQuantity>()).ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);

    private static MachineConfigNodeState ToMachineConfigNode(V1Node node)
    {
        IDictionary<string, string> annotations = node.Metadata.Annotations ?? new Dictionary<string, string>();
        return new MachineConfigNodeState(
            node.Metadata.Name,
            annotations.TryGetValue(McoCurrentConfig, out var current) ? current : null,
            annotations.TryGetValue(McoDesiredConfig, out var desired) ? desired : null,
            annotations.TryGetValue(McoState, out var state) ? state : null,
            node.Status?.NodeInfo?.BootID,
            annotations.TryGetValue(McoReason, out var reason) ? reason : null);
    }

    private static JsonObject WithoutServerFields(JsonNode node)
    {
        var copy = node.DeepClone().AsObject();
        copy.Remove("status");
        if (copy["metadata"] is JsonObject metadata)
        {
            metadata.Remove("managedFields");
            metadata.Remove("resourceVersion");
        }

        return copy;
    }

    private static JsonNode ToJsonNode(object value) =>
        value is JsonElement element ? JsonNode.Parse(element.GetRawText())! : JsonNode.Parse(KubernetesJson.Serialize(value))!;

    private static async Task<T> Call<T>(string call, Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (HttpOperationException e)
        {
            throw new ActionableException(
                $"The API server refused {call}: {(int)e.Response.StatusCode} {e.Response.ReasonPhrase}. {e.Response.Content}",
                e.Response.StatusCode switch
                {
                    HttpStatusCode.Unauthorized =>
                        "The kubeconfig's credentials were not accepted: its token has expired or was revoked. Log in again (`oc login`, or take kcli's "
                        + "~/.kcli/clusters/<cluster>/auth/kubeconfig) and upload the new kubeconfig on the Labs page.",
                    HttpStatusCode.Forbidden => "Use a kubeconfig whose user is cluster-admin.",
                    _ => "Check the object against the cluster's API (see the response) and the cluster's health.",
                },
                call,
                field: e.Response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? "Kubeconfig" : null,
                inner: e);
        }
        catch (HttpRequestException e)
        {
            throw new ActionableException(
                $"The API server could not be reached for {call}: {e.Message}",
                "Check the kubeconfig's server address (https://api.<cluster>.<domain>:6443), that the cluster is running and that this machine resolves and reaches it.",
                call,
                inner: e);
        }
        catch (JsonException e)
        {
            throw new ActionableException(
                $"The server answered {call} with something that is not the Kubernetes API: {e.Message}",
                "Check the kubeconfig's server address: it must be the API server (port 6443), not the web console, an ingress or a proxy's login page.",
                call,
                field: "Kubeconfig",
                inner: e);
        }
    }

    private static async Task<T?> CallOrNotFound<T>(string call, Func<Task<T>> action)
        where T : class
    {
        try
        {
            return await Call(call, action).ConfigureAwait(false);
        }
        catch (ActionableException e) when (e.InnerException is HttpOperationException { Response.StatusCode: HttpStatusCode.NotFound })
        {
            return null;
        }
    }

    private async Task<string?> OpenShiftVersionAsync(CancellationToken cancellationToken)
    {
        var version = await CallOrNotFound(
            "GET /apis/config.openshift.io/v1/clusterversions/version",
            () => client.CustomObjects.GetClusterCustomObjectAsync("config.openshift.io", "v1", "clusterversions", "version", cancellationToken)).ConfigureAwait(false);
        return version is null ? null : (string?)ToJsonNode(version)["status"]?["desired"]?["version"];
    }

    private async Task<JsonObject> PoolJsonAsync(string pool, CancellationToken cancellationToken)
    {
        var json = await Call(
            $"GET /apis/{McoGroup}/v1/machineconfigpools/{pool}",
            () => client.CustomObjects.GetClusterCustomObjectAsync(McoGroup, "v1", "machineconfigpools", pool, cancellationToken)).ConfigureAwait(false);
        return ToJsonNode(json).AsObject();
    }

    private async Task<JsonNode?> GetJsonAsync(KubernetesResource resource, ObjectReference target, CancellationToken cancellationToken)
    {
        var found = await CallOrNotFound<object>($"GET {resource.PathOf(target)}", async () => target.Kind switch
        {
            V1Namespace.KubeKind => await client.CoreV1.ReadNamespaceAsync(target.Name, cancellationToken: cancellationToken).ConfigureAwait(false),
            V1ServiceAccount.KubeKind => await client.CoreV1.ReadNamespacedServiceAccountAsync(target.Name, target.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false),
            V1ConfigMap.KubeKind => await client.CoreV1.ReadNamespacedConfigMapAsync(target.Name, target.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false),
            _ when resource.Namespaced => await client.CustomObjects.GetNamespacedCustomObjectAsync(resource.Group, resource.Version, target.Namespace, resource.Plural, target.Name, cancellationToken).ConfigureAwait(false),
            _ => await client.CustomObjects.GetClusterCustomObjectAsync(resource.Group, resource.Version, resource.Plural, target.Name, cancellationToken).ConfigureAwait(false),
        }).ConfigureAwait(false);
        return found is null ? null : ToJsonNode(found);
    }

    private async Task<JsonNode> PatchAsync(KubernetesResource resource, ObjectReference target, V1Patch patch, bool dryRun, CancellationToken cancellationToken)
    {
        var dry = dryRun ? "All" : null;
        const string manager = ClusterNames.FieldManager;
        object result = target.Kind switch
        {
            V1Namespace.KubeKind => await client.CoreV1.PatchNamespaceAsync(patch, target.Name, dryRun: dry, fieldManager: manager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false),
            V1ServiceAccount.KubeKind => await client.CoreV1.PatchNamespacedServiceAccountAsync(patch, target.Name, target.Namespace, dryRun: dry, fieldManager: manager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false),
            V1ConfigMap.KubeKind => await client.CoreV1.PatchNamespacedConfigMapAsync(patch, target.Name, target.Namespace, dryRun: dry, fieldManager: manager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false),
            _ when resource.Namespaced => await client.CustomObjects.PatchNamespacedCustomObjectAsync(patch, resource.Group, resource.Version, target.Namespace, resource.Plural, target.Name, dryRun: dry, fieldManager: manager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false),
            _ => await client.CustomObjects.PatchClusterCustomObjectAsync(patch, resource.Group, resource.Version, resource.Plural, target.Name, dryRun: dry, fieldManager: manager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false),
        };
        return ToJsonNode(result);
    }
}
