using VirtSriov.Core.Cluster.Manifests;
using VirtSriov.Core.Steps;
using k8s;
using k8s.Models;

namespace VirtSriov.Core.Cluster.Steps;

/// <summary>
/// Step 6: the SR-IOV network device plugin (namespace, service account allowed the privileged SCC, ConfigMap built
/// from the VFs attached to the worker VMs, DaemonSet), then a wait until every worker advertises the VF resource.
/// On plain Kubernetes the SCC ClusterRole and RoleBinding are left out (there are no SCCs).
/// </summary>
public sealed class DevicePluginStep(ClusterWaits? waits = null) : IRunStep, IStepTeardown
{
    private static readonly string[] PlainKubernetesWarnings =
        ["Plain Kubernetes: no SCC ClusterRole or RoleBinding; the namespace must allow privileged pods (Pod Security admission)."];

    private readonly ClusterWaits waits = waits ?? ClusterWaits.Default;

    public StepKind Kind => StepKind.DevicePlugin;

    public string Title => Kind.DisplayName();

    public string? Limitations =>
        "The wait reads the nodes' allocatable only; on a real cluster it does not yet read the device plugin pods' "
        + "logs to say why a node advertises 0 (wrong driver, selector mismatch).";

    public async Task<IReadOnlyList<StepFinding>> InspectAsync(StepContext context, CancellationToken cancellationToken)
    {
        var findings = new List<StepFinding>();
        var attached = await AttachedVirtualFunctions.ReadAsync(context.Lab.Hypervisor, context.Lab.Sysfs, context.Settings.Workers, cancellationToken).ConfigureAwait(false);
        foreach (var worker in context.Settings.Workers)
        {
            var count = await context.Lab.Cluster.GetAllocatableAsync(worker, context.Settings.FullResourceName, cancellationToken).ConfigureAwait(false);
            var vfs = attached[worker].Count;
            findings.Add(new StepFinding(
                $"deviceplugin.allocatable.{worker}",
                vfs == 0 ? FindingSeverity.Error : count >= vfs ? FindingSeverity.Ok : FindingSeverity.Info,
                $"{worker} advertises {context.Settings.FullResourceName}",
                $"allocatable {count}, VFs attached to the VM {vfs}",
                vfs == 0 ? "A worker without a VF cannot run the DPDK pod." : "",
                vfs == 0 ? "Apply the Worker VMs step to pass VFs through." : null));
        }

        return findings;
    }

    public async Task<StepPlan> PlanAsync(StepContext context, CancellationToken cancellationToken)
    {
        var attached = await AttachedVirtualFunctions.ReadAsync(context.Lab.Hypervisor, context.Lab.Sysfs, context.Settings.Workers, cancellationToken).ConfigureAwait(false);
        var info = await context.Lab.Cluster.GetInfoAsync(cancellationToken).ConfigureAwait(false);
        var details = new DevicePluginPlanDetails(attached, info.IsOpenShift);
        if (details.AllDevices.Count == 0)
        {
            throw new ActionableException(
                "No VF is attached to any worker VM, so the device plugin would advertise nothing.",
                "Apply the Worker VMs step first.");
        }

        var objects = Build(context.Settings, details);
        var changes = await PendingChangesAsync(context.Lab.Cluster, objects, cancellationToken).ConfigureAwait(false);
        var config = DevicePluginManifests.Config(context.Settings, details.AllDevices);
        return StepPlan.Create(
            Kind,
            changes.Count == 0
                ? "The device plugin is deployed as planned."
                : $"Deploy the device plugin: {context.Settings.FullResourceName} from VF ids {string.Join(", ", details.AllDevices)} bound to vfio-pci.",
            details,
            changes,
            [
                ManifestRenderer.Artifact("device-plugin.yaml", objects),
                new PlanArtifact("sriovdp-config.json", "json", DevicePluginManifests.ConfigMap(config).Data[ManifestNames.DevicePluginConfigKey]),
            ],
            [
                .. attached.Where(a => a.Value.Count == 0).Select(a => $"{a.Key} has no VF attached; it will advertise none."),
                .. info.IsOpenShift ? [] : PlainKubernetesWarnings,
                .. info.Serves(ClusterNames.SriovNetworkNodePoliciesCrd) ? [SriovOperatorWarning(context.Settings)] : Array.Empty<string>(),
            ]);
    }

    /// <summary>Why an adopted cluster with the SR-IOV Network Operator still gets the standalone plugin, and what would clash.</summary>
    private static string SriovOperatorWarning(RunSettings settings) =>
        $"This cluster runs the SR-IOV Network Operator ({ClusterNames.SriovNetworkNodePoliciesCrd} is served). The standalone device plugin is used "
        + "because the operator manages physical functions on bare-metal nodes: on a virtual worker it finds no PF to create VFs on, and its config daemon "
        + "drains and reboots nodes on its own. What would conflict: an SriovNetworkNodePolicy selecting these workers (the operator's own device plugin "
        + $"would register resources on the same nodes, and a policy named for {settings.FullResourceName} would fight this plugin over it). "
        + "Keep the operator's policies off these workers (their nodeSelector), and do not reuse this resource name in a policy.";

    public async Task<StepOutcome> ApplyAsync(StepContext context, StepPlan plan, CancellationToken cancellationToken)
    {
        var details = plan.DetailsAs<DevicePluginPlanDetails>();
        var resource = context.Settings.FullResourceName;
        var results = await context.Lab.Cluster.ApplyAsync(Build(context.Settings, details), dryRun: false, cancellationToken).ConfigureAwait(false);
        foreach (var result in results)
        {
            context.Log.Write(RunLogLevel.Command, $"apply --server-side --field-manager={ClusterNames.FieldManager} {result.Target}: {(result.Changed ? "changed" : "unchanged")}");
        }

        var expected = details.VfDevicesByWorker.Where(w => w.Value.Count > 0).Select(w => w.Key).ToList();
        context.Log.Info($"Waiting until {string.Join(", ", expected)} advertise {resource}.");
        var advertised = await ClusterWait.UntilAsync(
            token => ReadAllocatableAsync(context.Lab.Cluster, expected, resource, token),
            counts => counts.Values.All(c => c > 0),
            counts => $"{string.Join(", ", counts.Where(c => c.Value == 0).Select(c => c.Key))} advertise no {resource}",
            $"every worker to advertise {resource}",
            "Check the device plugin pods' logs (`oc logs -n " + ManifestNames.DevicePluginNamespace + " ds/" + ManifestNames.DevicePluginDaemonSet
                + "`): in the worker the VFs must be bound to vfio-pci (Node tuning step) and match the ConfigMap's vendor/device ids.",
            waits.DevicePlugin,
            waits.PollInterval,
            context.Time,
            cancellationToken).ConfigureAwait(false);
        var summary = string.Join(", ", advertised.Select(a => $"{a.Key}: {a.Value}"));
        context.Log.Info($"Allocatable {resource}: {summary}.");
        var changed = results.Any(r => r.Changed);
        return new StepOutcome(changed, (changed ? "Deployed the device plugin; " : "The device plugin was already deployed; ") + $"{resource} allocatable on {summary}.");
    }

    /// <summary>Removes what this step created (see <see cref="ClusterTeardown"/>).</summary>
    public Task<StepOutcome> TeardownAsync(StepContext context, CancellationToken cancellationToken) =>
        new ClusterTeardown(waits).TeardownStepAsync(Kind, context, cancellationToken);

    private static async Task<Dictionary<string, long>> ReadAllocatableAsync(IClusterClient cluster, IReadOnlyList<string> nodes, string resource, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            counts[node] = await cluster.GetAllocatableAsync(node, resource, cancellationToken).ConfigureAwait(false);
        }

        return counts;
    }

    /// <summary>What a dry run would change; everything when the namespace is missing (a dry run cannot create it for the rest).</summary>
    private static async Task<IReadOnlyList<PlannedChange>> PendingChangesAsync(IClusterClient cluster, IReadOnlyList<IKubernetesObject<V1ObjectMeta>> objects, CancellationToken cancellationToken)
    {
        try
        {
            var results = await cluster.ApplyAsync(objects, dryRun: true, cancellationToken).ConfigureAwait(false);
            return results.Where(r => r.Changed).Select(r => new PlannedChange(r.Target.ToString(), "server-side apply")).ToList();
        }
        catch (ActionableException)
        {
            return objects.Select(o => new PlannedChange(ObjectReference.Of(o).ToString(), "create")).ToList();
        }
    }

    private static IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Build(RunSettings settings, DevicePluginPlanDetails details) =>
        [
            DevicePluginManifests.Namespace(),
            DevicePluginManifests.ServiceAccount(),
            .. details.IsOpenShift ? [DevicePluginManifests.PrivilegedSccRole(), DevicePluginManifests.PrivilegedSccBinding()] : Array.Empty<IKubernetesObject<V1ObjectMeta>>(),
            DevicePluginManifests.ConfigMap(DevicePluginManifests.Config(settings, details.AllDevices)),
            DevicePluginManifests.DaemonSet(settings),
        ];
}
