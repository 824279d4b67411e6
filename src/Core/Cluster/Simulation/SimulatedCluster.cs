using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using VirtSriov.Core.Cluster.Manifests;
using VirtSriov.Core.Host;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Testpmd;
using k8s;
using k8s.Models;

namespace VirtSriov.Core.Cluster.Simulation;

/// <summary>
/// SIMULATION of an OpenShift cluster deployed by kcli on the lab's worker VMs, for the built-in simulated lab
/// (no API server can run here). It plays the operators' part: stores applied objects (a re-apply of the same object
/// changes nothing), renders the worker pool's config a few seconds after its MachineConfigs change (paused or not),
/// rolls an unpaused pool out to it with the Machine Config Daemon's node annotations (each worker works, reboots with
/// a new boot id and is done, one at a time, in the time of the injected <see cref="TimeProvider"/>),
/// lets the device plugin advertise, per worker, the VFs of that worker's libvirt domain that match its ConfigMap's
/// selectors (vfio-pci only once a MachineConfig with their ids was rolled out), and runs a pod's testpmd as the
/// real dpdk-testpmd through <see cref="ILocalTestpmd"/>. State is kept as JSON in a folder, so restarts keep it.
/// <see cref="SimulatedClusterFaults"/> turns it into a plain Kubernetes cluster or makes it fail the way real clusters do.
/// </summary>
public sealed class SimulatedCluster : IClusterClient
{
    public const string KubernetesVersion = "v1.31.6";

    public const string OpenShiftVersion = "4.18.0";

    private const string StateFileName = "simulated-cluster.json";

    private const string MasterPool = "master";

    private const string GuestVfDriver = "iavf";

    private static readonly JsonSerializerOptions StateJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly string stateFile;
    private readonly IHypervisor hypervisor;
    private readonly ISysfs sysfs;
    private readonly ILocalTestpmd testpmd;
    private readonly TimeProvider time;
    private readonly SimulatedClusterTimings timings;
    private readonly SimulatedClusterFaults faults;
    private readonly Lock gate = new();
    private readonly SimulatedClusterState state;

    public SimulatedCluster(
        string stateFolder,
        IHypervisor hypervisor,
        ISysfs sysfs,
        ILocalTestpmd testpmd,
        TimeProvider time,
        SimulatedClusterTimings? timings = null,
        SimulatedClusterFaults? faults = null)
    {
        Directory.CreateDirectory(stateFolder);
        stateFile = Path.Combine(stateFolder, StateFileName);
        this.hypervisor = hypervisor;
        this.sysfs = sysfs;
        this.testpmd = testpmd;
        this.time = time;
        this.timings = timings ?? SimulatedClusterTimings.Default;
        this.faults = faults ?? SimulatedClusterFaults.None;
        state = File.Exists(stateFile)
            ? JsonSerializer.Deserialize<SimulatedClusterState>(File.ReadAllText(stateFile), StateJson) ?? new()
            : new();
        if (state.WorkerPool.RenderedConfig.Length == 0)
        {
            Render(state.WorkerPool);
        }

        foreach (var worker in WorkerNodes)
        {
            var node = state.Nodes.GetValueOrDefault(worker) ?? new SimulatedNode();
            node.CurrentConfig = node.CurrentConfig.Length == 0 ? state.WorkerPool.RenderedConfig : node.CurrentConfig;
            state.Nodes[worker] = node;
        }
    }

    public static IReadOnlyList<string> ControlPlaneNodes { get; } = ["virtsriov-ctlplane-0", "virtsriov-ctlplane-1", "virtsriov-ctlplane-2"];

    public static IReadOnlyList<string> WorkerNodes { get; } = ["virtsriov-worker-0", "virtsriov-worker-1"];

    public bool IsSimulated => true;

    public async Task<ClusterInfo> GetInfoAsync(CancellationToken cancellationToken)
    {
        var nodes = new List<ClusterNode>();
        foreach (var name in ControlPlaneNodes)
        {
            nodes.Add(new ClusterNode(name, ["control-plane", MasterPool], BaseCapacity(), BaseCapacity()));
        }

        foreach (var name in WorkerNodes)
        {
            nodes.Add(new ClusterNode(name, [ClusterNames.WorkerPool], BaseCapacity(), await AllocatableAsync(name, cancellationToken).ConfigureAwait(false)));
        }

        return new ClusterInfo(KubernetesVersion, faults.IsOpenShift, faults.IsOpenShift ? OpenShiftVersion : null, nodes, ServedCrds());
    }

    public Task<IReadOnlyList<ApplyResult>> ApplyAsync(IReadOnlyList<IKubernetesObject<V1ObjectMeta>> objects, bool dryRun, CancellationToken cancellationToken)
    {
        var results = new List<ApplyResult>();
        lock (gate)
        {
            foreach (var item in objects)
            {
                var target = ObjectReference.Of(item);
                RequireServed(target);
                RequireNamespace(target);
                var body = ManifestJson.ToJson(item);
                body.Remove("status");
                var key = Key(target);
                var existing = state.Objects.GetValueOrDefault(key);
                var changed = existing is null || !JsonNode.DeepEquals(existing.Body, body);
                results.Add(new ApplyResult(target, changed));
                if (dryRun || !changed)
                {
                    continue;
                }

                if (SimulatedOperators.ConfiguresWorkerPool(body) || (existing is not null && SimulatedOperators.ConfiguresWorkerPool(existing.Body)))
                {
                    ScheduleRender();
                }

                state.Objects[key] = new SimulatedObject { Body = body, ResourceVersion = ++state.LastResourceVersion };
            }

            if (!dryRun)
            {
                AdvanceAndSave();
            }
        }

        return Task.FromResult<IReadOnlyList<ApplyResult>>(results);
    }

    public Task<MachineConfigPoolState> GetPoolAsync(string pool, CancellationToken cancellationToken)
    {
        if (pool == MasterPool)
        {
            return Task.FromResult(new MachineConfigPoolState(MasterPool, Paused: false, Updated: true, ControlPlaneNodes.Count, ControlPlaneNodes.Count));
        }

        RequireWorkerPool(pool);
        lock (gate)
        {
            // One instant for advancing and for the views: a node shown on the target has its rollout finished in the state.
            var now = time.GetUtcNow();
            AdvanceAndSave(now);
            var worker = state.WorkerPool;
            var updatedMachines = WorkerNodes.Count(n => NodeView(n, now).CurrentConfig == worker.RenderedConfig);
            var degraded = worker.Rollout is null ? null : faults.PoolDegradedReason;
            return Task.FromResult(new MachineConfigPoolState(
                pool,
                worker.Paused,
                worker.Rollout is null && updatedMachines == WorkerNodes.Count && degraded is null,
                WorkerNodes.Count,
                updatedMachines,
                degraded,
                worker.RenderedConfig,
                [.. worker.RenderedSources]));
        }
    }

    public Task<bool> SetPoolPausedAsync(string pool, bool paused, CancellationToken cancellationToken)
    {
        RequireWorkerPool(pool);
        lock (gate)
        {
            var changed = state.WorkerPool.Paused != paused;
            state.WorkerPool.Paused = paused;
            AdvanceAndSave();
            return Task.FromResult(changed);
        }
    }

    public Task<IReadOnlyList<MachineConfigNodeState>> GetPoolNodesAsync(string pool, CancellationToken cancellationToken)
    {
        RequireWorkerPool(pool);
        lock (gate)
        {
            var now = time.GetUtcNow();
            AdvanceAndSave(now);
            return Task.FromResult<IReadOnlyList<MachineConfigNodeState>>([.. WorkerNodes.Select(n => NodeView(n, now))]);
        }
    }

    public async Task<long> GetAllocatableAsync(string node, string resource, CancellationToken cancellationToken)
    {
        var allocatable = await AllocatableAsync(node, cancellationToken).ConfigureAwait(false);
        return allocatable.TryGetValue(resource, out var quantity) ? (long)new ResourceQuantity(quantity).ToDecimal() : 0;
    }

    public Task CreatePodAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        var target = ObjectReference.Of(pod);
        lock (gate)
        {
            RequireNamespace(target);
            if (state.Pods.ContainsKey(Key(target)))
            {
                throw new ActionableException($"{target} already exists.", "Delete the pod first.", $"create {target}");
            }

            var body = ManifestJson.ToJson(pod);
            if (faults.IsOpenShift)
            {
                // Admission runs at create time; a pod that fits no allowed SCC is refused.
                _ = AdmittedScc(body);
            }

            state.Pods[Key(target)] = new SimulatedPod { Body = body, CreatedAt = time.GetUtcNow() };
            Save();
        }

        return Task.CompletedTask;
    }

    public async Task<PodState?> GetPodStateAsync(string ns, string name, CancellationToken cancellationToken)
    {
        var key = PodKey(ns, name);
        SimulatedPod? pod;
        lock (gate)
        {
            pod = state.Pods.GetValueOrDefault(key);
        }

        if (pod is null)
        {
            return null;
        }

        if (pod.Log is not null)
        {
            return new PodState("Succeeded");
        }

        if (pod.NodeName is null && await FindNodeForAsync(pod.Body, cancellationToken).ConfigureAwait(false) is { } node)
        {
            lock (gate)
            {
                pod.NodeName = node;
                Save();
            }
        }

        var scc = faults.IsOpenShift ? AdmittedScc(pod.Body) : null;
        return pod.NodeName switch
        {
            null => new PodState("Pending", AdmittedScc: scc),
            _ when faults.ImagePullFails => new PodState(
                "Pending",
                "ImagePullBackOff",
                $"Back-off pulling image \"{(string?)pod.Body["spec"]?["containers"]?[0]?["image"]}\""),
            _ => new PodState("Running", AdmittedScc: scc),
        };
    }

    /// <summary>The simulated container starts its testpmd when its log is first followed; later follows replay the stored log.</summary>
    public async IAsyncEnumerable<string> FollowPodLogAsync(string ns, string name, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var phase = (await GetPodStateAsync(ns, name, cancellationToken).ConfigureAwait(false))?.Phase;
        if (phase is null or "Pending")
        {
            throw new ActionableException(
                phase is null ? $"Pod {ns}/{name} does not exist." : $"The container of pod {ns}/{name} is waiting to start (Pending).",
                "Wait until the pod is Running before reading its log.",
                $"GET /api/v1/namespaces/{ns}/pods/{name}/log?follow=true");
        }

        SimulatedPod pod;
        lock (gate)
        {
            pod = state.Pods[PodKey(ns, name)];
        }

        if (pod.Log is { } stored)
        {
            foreach (var line in stored)
            {
                yield return line;
            }

            yield break;
        }

        var lines = new List<string> { TestpmdPodManifest.UidLinePrefix + Uid(pod.Body) };
        yield return lines[0];
        await foreach (var line in testpmd.RunAsync(TestpmdPrefix(pod.Body), TestpmdDuration(pod.Body), cancellationToken).ConfigureAwait(false))
        {
            lines.Add(line);
            yield return line;
        }

        lock (gate)
        {
            pod.Log = lines;
            Save();
        }
    }

    public Task<bool> DeleteAsync(ObjectReference target, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            bool removed;
            if (target.Kind == V1Pod.KubeKind)
            {
                removed = state.Pods.Remove(Key(target));
            }
            else
            {
                removed = state.Objects.Remove(Key(target), out var existing);
                if (existing is not null && SimulatedOperators.ConfiguresWorkerPool(existing.Body))
                {
                    ScheduleRender();
                }
            }

            AdvanceAndSave();
            return Task.FromResult(removed);
        }
    }

    private static string BootId(string node, int reboots) => $"{node}-boot-{reboots}";

    /// <summary>A worker's Machine Config Daemon annotations and boot id as a rollout under way shows them now.</summary>
    private MachineConfigNodeState NodeView(string name, DateTimeOffset now)
    {
        var node = state.Nodes[name];
        var view = new MachineConfigNodeState(name, node.CurrentConfig, node.CurrentConfig, MachineConfigNodeState.DoneState, BootId(name, node.Reboots));
        if (state.WorkerPool.Rollout is { } rollout && rollout.TurnOf(name) is { } turn)
        {
            if (faults.PoolDegradedReason is { } reason && rollout.Nodes[0] == name)
            {
                view = view with { DesiredConfig = rollout.Target, State = MachineConfigNodeState.DegradedState, Reason = reason };
            }
            else if (now >= turn + (2 * rollout.Phase))
            {
                view = view with { CurrentConfig = rollout.Target, DesiredConfig = rollout.Target, BootId = BootId(name, node.Reboots + 1) };
            }
            else if (now >= turn)
            {
                view = view with { DesiredConfig = rollout.Target, State = "Working" };
            }
        }

        return faults.NodesWithoutDaemon ? view with { CurrentConfig = null, DesiredConfig = null, State = null, Reason = null } : view;
    }

    /// <summary>The render controller renders a few seconds after the last change, paused or not.</summary>
    private void ScheduleRender() => state.WorkerPool.RenderAt = time.GetUtcNow() + timings.RenderDelay;

    private void Render(SimulatedPool pool)
    {
        var bodies = state.Objects.Values.Select(o => o.Body).ToList();
        (pool.RenderedConfig, pool.RenderedSources) = SimulatedOperators.RenderWorkerPool(bodies);
        pool.RenderedWorkerConfig = SimulatedOperators.WorkerConfig(bodies);
        pool.RenderAt = null;
    }

    private static Dictionary<string, string> BaseCapacity() => new(StringComparer.Ordinal)
    {
        ["cpu"] = "8",
        ["memory"] = "16Gi",
        ["pods"] = "250",
    };

    /// <summary>
    /// SCC admission as the creator is cluster-admin: a pod that requires restricted-v2 and fits it gets it; without the
    /// annotation admission picks the highest-priority SCC the creator may use, anyuid.
    /// </summary>
    private string AdmittedScc(JsonObject podBody)
    {
        if (faults.AdmittedScc is { } forced)
        {
            return forced;
        }

        var pod = KubernetesJson.Deserialize<V1Pod>(podBody.ToJsonString());
        var required = pod.Metadata.Annotations is { } annotations && annotations.TryGetValue(TestpmdPodManifest.RequiredSccAnnotation, out var name) ? name : null;
        var restricted = pod.Spec.SecurityContext?.RunAsNonRoot == true
            && pod.Spec.Containers.All(c => c.SecurityContext is { Privileged: not true, AllowPrivilegeEscalation: false, Capabilities.Drop: { } drop }
                && drop.Contains("ALL") && (c.SecurityContext.Capabilities.Add ?? []).All(a => a == "NET_BIND_SERVICE"));
        if (required is not null && (required != TestpmdPodManifest.RequiredScc || !restricted))
        {
            throw new ActionableException(
                $"Pod {pod.Metadata.NamespaceProperty}/{pod.Metadata.Name} is forbidden: unable to validate against the required SCC '{required}'.",
                "Make the pod fit restricted-v2: runAsNonRoot, allowPrivilegeEscalation false, capabilities drop ALL and add nothing but NET_BIND_SERVICE.",
                $"create pod {pod.Metadata.Name}");
        }

        return required ?? "anyuid";
    }

    /// <summary>The uid the container runs as: restricted-v2 assigns the first of the namespace's range; anyuid keeps the image's root.</summary>
    private string Uid(JsonObject podBody)
    {
        var pod = KubernetesJson.Deserialize<V1Pod>(podBody.ToJsonString());
        if (faults.ContainerRunsAsRoot)
        {
            return "0";
        }

        return faults.IsOpenShift
            ? AdmittedScc(podBody) == TestpmdPodManifest.RequiredScc ? "1000680000" : "0"
            : (pod.Spec.SecurityContext?.RunAsUser ?? 0).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The run's prefix when the pod names its run, so a testpmd left by a killed dashboard is traced to it.</summary>
    private static string TestpmdPrefix(JsonObject podBody) =>
        Guid.TryParse((string?)podBody["metadata"]?["annotations"]?[ManifestNames.RunAnnotation], CultureInfo.InvariantCulture, out var runId)
            ? TestpmdFilePrefix.ForRun(runId)
            : TestpmdFilePrefix.Unowned();

    private static TimeSpan TestpmdDuration(JsonObject podBody) =>
        int.TryParse((string?)podBody["metadata"]?["annotations"]?[ManifestNames.TestpmdSecondsAnnotation], CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(new RunSettings().TestpmdSeconds);

    private IReadOnlyList<string> ServedCrds() =>
        faults.IsOpenShift
            ?
            [
                .. faults.ServesPerformanceProfile ? [ClusterNames.PerformanceProfilesCrd] : Array.Empty<string>(),
                ClusterNames.MachineConfigsCrd,
                "machineconfigpools.machineconfiguration.openshift.io",
                "securitycontextconstraints.security.openshift.io",
                .. faults.SriovOperatorInstalled ? [ClusterNames.SriovNetworkNodePoliciesCrd] : Array.Empty<string>(),
            ]
            : [];

    /// <summary>Like an API server without the kind's CRD: 404 "the server could not find the requested resource".</summary>
    private void RequireServed(ObjectReference target)
    {
        var crd = target.Kind switch
        {
            PerformanceProfile.KindName => ClusterNames.PerformanceProfilesCrd,
            MachineConfig.KindName => ClusterNames.MachineConfigsCrd,
            _ => null,
        };
        if (crd is not null && !ServedCrds().Contains(crd))
        {
            throw new ActionableException(
                $"The API server could not find the requested resource for {target}: {crd} is not served.",
                target.Kind == PerformanceProfile.KindName && faults.IsOpenShift
                    ? "Use OpenShift 4.11 or later, where the Node Tuning Operator serves PerformanceProfile (or install the Performance Addon Operator)."
                    : "This is not an OpenShift cluster: apply the manual equivalents of the Node tuning plan instead.",
                $"apply {target}");
        }
    }

    private void RequireWorkerPool(string pool)
    {
        if (!faults.IsOpenShift)
        {
            throw new ActionableException(
                "This cluster has no MachineConfigPools (it is not OpenShift).",
                "Tune the workers by hand as the Node tuning plan describes.",
                $"GET machineconfigpools/{pool}");
        }

        if (pool != ClusterNames.WorkerPool)
        {
            throw new ActionableException(
                $"MachineConfigPool '{pool}' does not exist in the simulated cluster.",
                $"Use the '{ClusterNames.WorkerPool}' pool.",
                $"GET machineconfigpools/{pool}");
        }
    }

    private static string Key(ObjectReference target) => $"{target.ApiVersion}|{target.Kind}|{target.Namespace}|{target.Name}";

    private static string PodKey(string ns, string name) => Key(new ObjectReference("v1", V1Pod.KubeKind, ns, name));

    private void RequireNamespace(ObjectReference target)
    {
        if (target.Namespace is { } ns && !state.Objects.ContainsKey(Key(new ObjectReference("v1", V1Namespace.KubeKind, null, ns))))
        {
            throw new ActionableException(
                $"Namespace '{ns}' of {target} does not exist.",
                "Apply the namespace before the objects in it.",
                $"apply {target}");
        }
    }

    private async Task<Dictionary<string, string>> AllocatableAsync(string node, CancellationToken cancellationToken)
    {
        IReadOnlyList<DevicePluginResource> resources;
        SimulatedNode booted;
        lock (gate)
        {
            resources = SimulatedOperators.DevicePluginResources(state.Objects.Values.Select(o => o.Body));
            booted = state.Nodes.GetValueOrDefault(node) ?? new SimulatedNode();
        }

        if (!faults.IsOpenShift && WorkerNodes.Contains(node))
        {
            booted = await TunedByHandAsync(node, cancellationToken).ConfigureAwait(false);
        }

        var allocatable = BaseCapacity();
        foreach (var (resource, quantity) in booted.Hugepages)
        {
            allocatable[resource] = quantity;
        }

        if (resources.Count == 0 || !WorkerNodes.Contains(node) || !faults.DevicePluginAdvertises)
        {
            return allocatable;
        }

        var hostdevs = await HostdevIdsAsync(node, cancellationToken).ConfigureAwait(false);
        foreach (var resource in resources)
        {
            var count = hostdevs.Count(id => resource.Selectors.Matches(id, booted.VfioIds.Contains(id.ToString()) ? "vfio-pci" : GuestVfDriver));
            allocatable[$"{resource.ResourcePrefix}/{resource.ResourceName}"] = count.ToString(CultureInfo.InvariantCulture);
        }

        return allocatable;
    }

    /// <summary>A plain-Kubernetes worker as the manual tuning leaves it: default hugepages, vfio-pci on its VFs.</summary>
    private async Task<SimulatedNode> TunedByHandAsync(string node, CancellationToken cancellationToken)
    {
        var defaults = new RunSettings();
        return new SimulatedNode
        {
            VfioIds = [.. (await HostdevIdsAsync(node, cancellationToken).ConfigureAwait(false)).Select(id => id.ToString())],
            Hugepages = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [Hugepages.ResourceName(defaults.HugepageSize)] = string.Create(CultureInfo.InvariantCulture, $"{defaults.HugepageCount}Gi"),
            },
        };
    }

    private async Task<IReadOnlyList<PciDeviceId>> HostdevIdsAsync(string node, CancellationToken cancellationToken)
    {
        var domains = await hypervisor.ListDomainNamesAsync(cancellationToken).ConfigureAwait(false);
        if (!domains.Contains(node))
        {
            return [];
        }

        var byWorker = await AttachedVirtualFunctions.ReadAsync(hypervisor, sysfs, [node], cancellationToken).ConfigureAwait(false);
        return byWorker[node];
    }

    /// <summary>The first worker whose allocatable covers every request of the pod besides cpu and memory.</summary>
    private async Task<string?> FindNodeForAsync(JsonObject podBody, CancellationToken cancellationToken)
    {
        var pod = KubernetesJson.Deserialize<V1Pod>(podBody.ToJsonString());
        var requests = pod.Spec.Containers
            .SelectMany(c => c.Resources?.Requests ?? new Dictionary<string, ResourceQuantity>())
            .Where(r => r.Key is not ("cpu" or "memory"))
            .ToList();
        foreach (var node in WorkerNodes)
        {
            var allocatable = await AllocatableAsync(node, cancellationToken).ConfigureAwait(false);
            if (requests.All(r => allocatable.TryGetValue(r.Key, out var have) && new ResourceQuantity(have).ToDecimal() >= r.Value.ToDecimal()))
            {
                return node;
            }
        }

        return null;
    }

    /// <summary>
    /// Finishes a rollout whose time is over, renders a change whose render delay passed, starts a rollout when the
    /// unpaused pool has nodes off its rendered config, and stores the state.
    /// </summary>
    private void AdvanceAndSave(DateTimeOffset? at = null)
    {
        var now = at ?? time.GetUtcNow();
        var pool = state.WorkerPool;
        // A degraded pool never finishes its rollout, as on a real cluster until the cause is fixed.
        if (pool.Rollout is { } finished && now >= finished.EndsAt && faults.PoolDegradedReason is null)
        {
            foreach (var name in finished.Nodes)
            {
                var node = state.Nodes[name];
                node.Reboots++;
                node.CurrentConfig = finished.Target;
                node.VfioIds = [.. finished.Config.VfioIds];
                node.Hugepages = new Dictionary<string, string>(finished.Config.Hugepages, StringComparer.Ordinal);
            }

            pool.Rollout = null;
        }

        if (pool.RenderAt is { } due && now >= due)
        {
            Render(pool);
        }

        var behind = WorkerNodes.Where(n => state.Nodes[n].CurrentConfig != pool.RenderedConfig).ToList();
        if (pool.Rollout is null && !pool.Paused && behind.Count > 0)
        {
            pool.Rollout = new SimulatedRollout
            {
                StartedAt = now,
                Phase = timings.NodePhase,
                Target = pool.RenderedConfig,
                Nodes = behind,
                Config = pool.RenderedWorkerConfig,
            };
        }

        Save();
    }

    private void Save()
    {
        var temporary = stateFile + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(state, StateJson));
        File.Move(temporary, stateFile, overwrite: true);
    }
}
