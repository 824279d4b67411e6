using k8s;
using k8s.Models;
using VirtSriov.Core.Cluster.Manifests;
using VirtSriov.Core.Runs;

namespace VirtSriov.Core.Cluster.Steps;

/// <summary>
/// Step 5: hugepages, the vIOMMU kernel arguments, iavf off (PerformanceProfile), CRI-O's memlock default and vfio-pci
/// by id (MachineConfigs). Every change of the worker pool reboots each worker, so Apply pauses the pool, applies all,
/// unpauses and follows the one rollout: one reboot per worker, not three. Nothing to change means no rollout.
/// </summary>
public sealed class NodeTuningStep(ClusterWaits? waits = null) : IRunStep
{
    private readonly ClusterWaits waits = waits ?? ClusterWaits.Default;

    public StepKind Kind => StepKind.NodeTuning;

    public string Title => "Node tuning";

    public string? Limitations =>
        "On a real cluster the pool is followed through the Machine Config Daemon's node annotations; a degraded node "
        + "(failed drain, bad config) is reported only as a timeout, and the rendered MachineConfig is not compared with "
        + "the nodes' kernel command line afterwards.";

    public async Task<IReadOnlyList<StepFinding>> InspectAsync(StepContext context, CancellationToken cancellationToken)
    {
        var pool = await context.Lab.Cluster.GetPoolAsync(ClusterNames.WorkerPool, cancellationToken).ConfigureAwait(false);
        var findings = new List<StepFinding>
        {
            pool switch
            {
                { Paused: true } => new StepFinding(
                    "tuning.pool.paused",
                    FindingSeverity.Warning,
                    "Worker pool",
                    "The worker MachineConfigPool is paused.",
                    "A paused pool holds back every configuration change, including this step's.",
                    "Apply this step (it unpauses the pool after applying), or unpause the pool."),
                { Updated: false } => new StepFinding(
                    "tuning.pool.updating",
                    FindingSeverity.Warning,
                    "Worker pool",
                    $"The worker pool is updating ({pool.UpdatedMachineCount}/{pool.MachineCount} machines updated).",
                    "Applying now joins the rollout under way."),
                _ => new StepFinding("tuning.pool", FindingSeverity.Ok, "Worker pool", $"Updated, {pool.MachineCount} machines."),
            },
        };
        try
        {
            var objects = await BuildAsync(context, cancellationToken).ConfigureAwait(false);
            var pending = (await context.Lab.Cluster.ApplyAsync(objects, dryRun: true, cancellationToken).ConfigureAwait(false)).Where(r => r.Changed).ToList();
            findings.Add(pending.Count == 0
                ? new StepFinding("tuning.applied", FindingSeverity.Ok, "Tuning", "The PerformanceProfile and MachineConfigs are in place.")
                : new StepFinding("tuning.applied", FindingSeverity.Info, "Tuning", $"To apply: {string.Join(", ", pending.Select(r => r.Target))}."));
        }
        catch (ActionableException e)
        {
            findings.Add(new StepFinding("tuning.inputs", FindingSeverity.Error, "Tuning inputs", e.Message, "The manifests are built from the attached VFs and the workers' CPUs.", e.Fix));
        }

        return findings;
    }

    public async Task<StepPlan> PlanAsync(StepContext context, CancellationToken cancellationToken)
    {
        var details = await DetailsAsync(context, cancellationToken).ConfigureAwait(false);
        var objects = Build(context.Settings, details);
        var pending = (await context.Lab.Cluster.ApplyAsync(objects, dryRun: true, cancellationToken).ConfigureAwait(false)).Where(r => r.Changed).ToList();
        return StepPlan.Create(
            Kind,
            pending.Count == 0
                ? "The tuning is in place; no change, no reboot."
                : $"Apply {pending.Count} object(s) with the worker pool paused, then one rollout: each worker reboots once.",
            details,
            pending.Select(r => new PlannedChange(r.Target.ToString(), "server-side apply")).ToList(),
            [
                ManifestRenderer.Artifact("performance-profile.yaml", objects[0]),
                ManifestRenderer.Artifact("machineconfig-crio-memlock.yaml", objects[1]),
                ManifestRenderer.Artifact("machineconfig-vfio-pci.yaml", objects[2]),
            ]);
    }

    public async Task<StepOutcome> ApplyAsync(StepContext context, StepPlan plan, CancellationToken cancellationToken)
    {
        var cluster = context.Lab.Cluster;
        var objects = Build(context.Settings, plan.Details<NodeTuningPlanDetails>());
        var pending = (await cluster.ApplyAsync(objects, dryRun: true, cancellationToken).ConfigureAwait(false)).Where(r => r.Changed).ToList();
        var pool = await cluster.GetPoolAsync(ClusterNames.WorkerPool, cancellationToken).ConfigureAwait(false);
        if (pending.Count == 0 && !pool.Paused && pool.Updated)
        {
            context.Log.Info("The PerformanceProfile and MachineConfigs are already applied; the worker pool is updated. No rollout.");
            return new StepOutcome(false, "Tuning already in place; no reboot.");
        }

        if (await cluster.SetPoolPausedAsync(ClusterNames.WorkerPool, paused: true, cancellationToken).ConfigureAwait(false))
        {
            context.Log.Info("Paused the worker MachineConfigPool so that all changes roll out together.");
        }

        foreach (var result in await cluster.ApplyAsync(objects, dryRun: false, cancellationToken).ConfigureAwait(false))
        {
            context.Log.Write(RunLogLevel.Command, $"apply --server-side --field-manager={ClusterNames.FieldManager} {result.Target}: {(result.Changed ? "changed" : "unchanged")}");
        }

        await cluster.SetPoolPausedAsync(ClusterNames.WorkerPool, paused: false, cancellationToken).ConfigureAwait(false);
        context.Log.Info("Unpaused the worker MachineConfigPool; following the rollout.");
        var reboots = await ClusterWait.WithTimeoutAsync(
            token => FollowRolloutAsync(context, token),
            "the worker MachineConfigPool to be Updated",
            "Look at `oc get mcp worker` and `oc get nodes`: a node that cannot drain (PodDisruptionBudget) or boot holds the pool.",
            waits.PoolRollout,
            context.Time,
            cancellationToken).ConfigureAwait(false);
        foreach (var (node, count) in reboots.Where(r => r.Value > 1))
        {
            context.Log.Warn($"{node} rebooted {count} times in this rollout.");
        }

        return new StepOutcome(
            true,
            $"Applied {pending.Count} object(s) in one rollout; reboots: {string.Join(", ", reboots.Select(r => $"{r.Key} {r.Value}"))}.");
    }

    private static async Task<Dictionary<string, int>> FollowRolloutAsync(StepContext context, CancellationToken cancellationToken)
    {
        var reboots = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var progress in context.Lab.Cluster.FollowPoolAsync(ClusterNames.WorkerPool, cancellationToken).ConfigureAwait(false))
        {
            reboots[progress.Node] = progress.RebootCount;
            context.Log.Info($"{progress.Node}: {progress.Phase.ToString().ToLowerInvariant()} (reboots: {progress.RebootCount}) at {progress.At:HH:mm:ss}");
        }

        return reboots;
    }

    private static IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Build(RunSettings settings, NodeTuningPlanDetails details) =>
        [
            NodeTuningManifests.PerformanceProfile(settings, details.WorkerCpus),
            NodeTuningManifests.CrioMemlock(),
            NodeTuningManifests.VfioPci(details.VfDevices),
        ];

    private static async Task<IReadOnlyList<IKubernetesObject<V1ObjectMeta>>> BuildAsync(StepContext context, CancellationToken cancellationToken) =>
        Build(context.Settings, await DetailsAsync(context, cancellationToken).ConfigureAwait(false));

    private static async Task<NodeTuningPlanDetails> DetailsAsync(StepContext context, CancellationToken cancellationToken)
    {
        var info = await context.Lab.Cluster.GetInfoAsync(cancellationToken).ConfigureAwait(false);
        var workers = info.Workers.Where(n => context.Settings.Workers.Contains(n.Name)).ToList();
        if (workers.Count == 0)
        {
            throw new ActionableException(
                "None of the chosen worker VMs is a worker node of the cluster.",
                "Apply the Cluster step and choose worker VMs that are nodes.",
                field: nameof(RunSettings.Workers));
        }

        var attached = await AttachedVirtualFunctions.ReadAsync(context.Lab.Hypervisor, context.Lab.Sysfs, context.Settings.Workers, cancellationToken).ConfigureAwait(false);
        return new NodeTuningPlanDetails(AttachedVirtualFunctions.Distinct(attached), workers.Min(n => n.CpuCount));
    }
}
