using VirtSriov.Core.Cluster.Manifests;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Telemetry;
using k8s;
using k8s.Models;

namespace VirtSriov.Core.Cluster.Steps;

/// <summary>
/// Step 5: hugepages, the vIOMMU kernel arguments, iavf off (PerformanceProfile), CRI-O's memlock default and vfio-pci
/// by id (MachineConfigs). Every change of the worker pool reboots each worker, so Apply pauses the pool, applies all,
/// waits until the pool's rendered config lists them all, unpauses and follows the one rollout (<see cref="PoolRollout"/>):
/// one reboot per worker, not three. Nothing to change means no rollout. A Degraded node ends the wait with the
/// Machine Config Daemon's reason. On plain Kubernetes (no Machine Config or
/// Node Tuning Operator) the plan shows the manual equivalents and Apply checks that the workers advertise hugepages.
/// </summary>
public sealed class NodeTuningStep(ClusterWaits? waits = null) : IRunStep, IStepTeardown
{
    private readonly ClusterWaits waits = waits ?? ClusterWaits.Default;

    /// <summary>The MachineConfigs the worker pool's rendered config must list before the pool is unpaused: the Node Tuning Operator's and ours.</summary>
    public static IReadOnlyList<string> RenderedSources { get; } =
        [ManifestNames.PerformanceProfileMachineConfig, ManifestNames.CrioMemlockMachineConfig, ManifestNames.VfioMachineConfig];

    public StepKind Kind => StepKind.NodeTuning;

    public string Title => Kind.DisplayName();

    public string? Limitations =>
        "On a real cluster the pool is followed through its rendered config and the Machine Config Daemon's node annotations; "
        + "the rendered MachineConfig is not compared with the nodes' kernel command line afterwards. On plain Kubernetes the tuning "
        + "is manual (shown in the plan); only the hugepages the workers advertise are checked.";

    public async Task<IReadOnlyList<StepFinding>> InspectAsync(StepContext context, CancellationToken cancellationToken)
    {
        var info = await context.Lab.Cluster.GetInfoAsync(cancellationToken).ConfigureAwait(false);
        if (!info.IsOpenShift)
        {
            return [PlainKubernetesFinding(), .. HugepageFindings(context.Settings, info)];
        }

        if (!info.Serves(ClusterNames.PerformanceProfilesCrd))
        {
            return
            [
                new StepFinding(
                    "tuning.nto",
                    FindingSeverity.Error,
                    "Node Tuning Operator",
                    $"{ClusterNames.PerformanceProfilesCrd} is not served.",
                    "The hugepages, kernel arguments and iavf blacklist come from a PerformanceProfile.",
                    "Use OpenShift 4.11 or later (the Node Tuning Operator serves PerformanceProfile), or install the Performance Addon Operator on older releases."),
            ];
        }

        var pool = await context.Lab.Cluster.GetPoolAsync(ClusterNames.WorkerPool, cancellationToken).ConfigureAwait(false);
        var findings = new List<StepFinding>
        {
            pool switch
            {
                { DegradedReason: { } reason } => new StepFinding(
                    "tuning.pool.degraded",
                    FindingSeverity.Warning,
                    "Worker pool",
                    $"The worker MachineConfigPool is Degraded: {reason}",
                    "A degraded pool rolls out nothing until its cause is fixed.",
                    "Fix the cause the reason names (`oc describe mcp worker`), then apply this step."),
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
        if (!details.IsOpenShift)
        {
            return StepPlan.Create(
                Kind,
                "Plain Kubernetes: no MachineConfig or PerformanceProfile. Set the kernel arguments, vfio-pci and the container runtime's memlock limit on each worker by hand (see the files); Apply then checks the workers' hugepages.",
                details,
                artifacts: PlainKubernetesTuning.Artifacts(context.Settings, details.VfDevices),
                warnings: ["This cluster is not OpenShift: the product applies nothing in this step; the reboot per worker is yours to make."]);
        }

        var objects = Build(context.Settings, details);
        var pending = (await context.Lab.Cluster.ApplyAsync(objects, dryRun: true, cancellationToken).ConfigureAwait(false)).Where(r => r.Changed).ToList();
        var rebooted = pending.Count == 0 ? [] : await context.Lab.Cluster.GetPoolNodesAsync(ClusterNames.WorkerPool, cancellationToken).ConfigureAwait(false);
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
            ],
            interruptions: [.. rebooted.Select(n => new PlannedInterruption(n.Name, "drains its pods and reboots once (every node of the worker pool does)", "drains its pods and reboots again when the tuning is removed"))]);
    }

    public async Task<StepOutcome> ApplyAsync(StepContext context, StepPlan plan, CancellationToken cancellationToken)
    {
        var cluster = context.Lab.Cluster;
        var details = plan.DetailsAs<NodeTuningPlanDetails>();
        if (!details.IsOpenShift)
        {
            return await VerifyManualTuningAsync(context, details, cancellationToken).ConfigureAwait(false);
        }

        var objects = Build(context.Settings, details);
        var pending = (await cluster.ApplyAsync(objects, dryRun: true, cancellationToken).ConfigureAwait(false)).Where(r => r.Changed).ToList();
        var pool = await cluster.GetPoolAsync(ClusterNames.WorkerPool, cancellationToken).ConfigureAwait(false);
        if (pending.Count == 0 && !pool.Paused && pool.Updated && RenderedSources.All(pool.Sources.Contains))
        {
            context.Log.Info("The PerformanceProfile and MachineConfigs are already applied; the worker pool is updated. No rollout.");
            return new StepOutcome(false, "Tuning already in place; no reboot.");
        }

        if (pool.Paused)
        {
            // Resumed after an interruption that left it paused: pausing again would be a second change for nothing.
            context.Log.Info("The worker MachineConfigPool is already paused; applying while it stays paused.");
        }
        else if (await cluster.SetPoolPausedAsync(ClusterNames.WorkerPool, paused: true, cancellationToken).ConfigureAwait(false))
        {
            context.Log.Info("Paused the worker MachineConfigPool so that all changes roll out together.");
        }

        foreach (var result in await cluster.ApplyAsync(objects, dryRun: false, cancellationToken).ConfigureAwait(false))
        {
            context.Log.Write(RunLogLevel.Command, $"apply --server-side --field-manager={ClusterNames.FieldManager} {result.Target}: {(result.Changed ? "changed" : "unchanged")}");
        }

        var rollout = new PoolRollout(cluster, ClusterNames.WorkerPool, waits, context.Log, context.Time);
        var rendered = await rollout.WaitForRenderAsync(RenderedSources, [], cancellationToken).ConfigureAwait(false);
        var before = await rollout.NodesAsync(cancellationToken).ConfigureAwait(false);
        await cluster.SetPoolPausedAsync(ClusterNames.WorkerPool, paused: false, cancellationToken).ConfigureAwait(false);
        context.Log.Info($"Unpaused the worker MachineConfigPool; following every node to {rendered}.");
        var reboots = await rollout.FollowAsync(rendered, before, cancellationToken).ConfigureAwait(false);
        foreach (var (node, count) in reboots)
        {
            RunTelemetry.Rebooted(node, count);
            if (count > 1)
            {
                context.Log.Warn($"{node} rebooted {count} times in this rollout.");
            }
        }

        return new StepOutcome(
            true,
            $"Applied {pending.Count} object(s) in one rollout; reboots: {string.Join(", ", reboots.Select(r => $"{r.Key} {r.Value}"))}.");
    }

    /// <summary>Removes what this step created (see <see cref="ClusterTeardown"/>).</summary>
    public Task<StepOutcome> TeardownAsync(StepContext context, CancellationToken cancellationToken) =>
        new ClusterTeardown(waits).TeardownStepAsync(Kind, context, cancellationToken);

    private static async Task<StepOutcome> VerifyManualTuningAsync(StepContext context, NodeTuningPlanDetails details, CancellationToken cancellationToken)
    {
        var info = await context.Lab.Cluster.GetInfoAsync(cancellationToken).ConfigureAwait(false);
        var missing = HugepageFindings(context.Settings, info).Where(f => f.Severity != FindingSeverity.Ok).Select(f => f.Title).ToList();
        if (missing.Count > 0)
        {
            throw new ActionableException(
                $"Plain Kubernetes: {string.Join(", ", missing)} advertise no {Hugepages.ResourceName(context.Settings.HugepageSize)}.",
                "Apply the manual tuning of this step's plan (manual-kernel-arguments.txt, manual-vfio-pci.txt, manual-container-runtime-memlock.txt) on those workers, reboot them, then apply this step again.",
                field: nameof(RunSettings.HugepageSize));
        }

        context.Log.Info($"Plain Kubernetes: {string.Join(", ", details.Workers ?? [])} advertise {Hugepages.ResourceName(context.Settings.HugepageSize)}; the manual tuning is in place.");
        return new StepOutcome(false, "Plain Kubernetes: the workers were tuned by hand; hugepages are advertised.");
    }

    private static StepFinding PlainKubernetesFinding() => new(
        "tuning.plain-kubernetes",
        FindingSeverity.Warning,
        "Plain Kubernetes",
        "No Machine Config Operator or Node Tuning Operator: no MachineConfig, no PerformanceProfile, no pool rollout.",
        "Kernel arguments, hugepages, vfio-pci and the container runtime's memlock limit are set on the workers another way.",
        "Follow the manual steps in this step's plan, then apply it to check the workers.");

    private static IEnumerable<StepFinding> HugepageFindings(RunSettings settings, ClusterInfo info)
    {
        var resource = Hugepages.ResourceName(settings.HugepageSize);
        foreach (var worker in settings.Workers)
        {
            var node = info.Nodes.FirstOrDefault(n => n.Name == worker);
            var quantity = node?.Allocatable.GetValueOrDefault(resource);
            var has = quantity is not null && new ResourceQuantity(quantity).ToDecimal() > 0;
            yield return new StepFinding(
                $"tuning.hugepages.{worker}",
                has ? FindingSeverity.Ok : FindingSeverity.Warning,
                worker,
                has ? $"{resource}: {quantity}" : $"no {resource} allocatable",
                has ? "" : "The testpmd pod requests hugepages.",
                has ? null : "Apply the manual kernel arguments of the plan and reboot the worker.");
        }
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
        return new NodeTuningPlanDetails(AttachedVirtualFunctions.Distinct(attached), workers.Min(n => n.CpuCount), info.IsOpenShift, workers.Select(n => n.Name).ToList());
    }
}
