using VirtSriov.Core.Cluster.Kubernetes;
using VirtSriov.Core.Kcli;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Steps;
using k8s.Models;

namespace VirtSriov.Core.Cluster.Steps;

/// <summary>
/// Step 3: the cluster on the lab's VMs. Inspect reports its version, nodes with roles (and which worker VM each worker
/// node is) and whether the Node Tuning and Machine Config Operators' CRDs are served. Plan shows the kcli parameter
/// file. Apply either adopts the cluster of the lab's kubeconfig, or — with <see cref="RunSettings.DeployClusterWithKcli"/>
/// and no cluster reachable yet — runs <c>kcli create kube openshift</c>, stores the kubeconfig kcli wrote (encrypted,
/// through <see cref="ILabStore"/>) and reopens the lab so the next steps use the new cluster. Adoption is recorded on the
/// cluster as the product's namespace.
/// </summary>
/// <param name="labs">Stores the kubeconfig of a deployed cluster; required to deploy.</param>
/// <param name="environments">Reopened after a deployment so later steps reach the new cluster.</param>
/// <param name="kcli">Runs kcli; required to deploy.</param>
/// <param name="connect">Opens a client for a kubeconfig (the real API client unless a test swaps it).</param>
public sealed class ClusterStep(
    ILabStore? labs = null,
    LabEnvironmentCache? environments = null,
    KcliDeployer? kcli = null,
    Func<string, TimeProvider, IClusterClient>? connect = null) : IRunStep, IStepTeardown
{
    /// <summary>The product's own namespace; its labels record that the cluster was adopted for this lab.</summary>
    public const string LabNamespace = "virtsriov";

    private readonly Func<string, TimeProvider, IClusterClient> connect = connect ?? KubernetesClusterClient.FromKubeconfig;

    public StepKind Kind => StepKind.Cluster;

    public string Title => Kind.DisplayName();

    public string? Limitations =>
        "kcli runs on the machine of the dashboard (the hypervisor); a remote hypervisor (qemu+ssh) needs kcli's own "
        + "remote client configured. The simulated lab's cluster always exists, so there it is adopted, never deployed.";

    public async Task<IReadOnlyList<StepFinding>> InspectAsync(StepContext context, CancellationToken cancellationToken)
    {
        var info = await TryGetInfoAsync(context, cancellationToken).ConfigureAwait(false);
        if (info is null)
        {
            return [NoClusterFinding(ParametersFor(context.Settings))];
        }

        var findings = new List<StepFinding>
        {
            new(
                "cluster.version",
                info.IsOpenShift ? FindingSeverity.Ok : FindingSeverity.Warning,
                "Cluster",
                $"Kubernetes {info.Version}, " + (info.IsOpenShift ? $"OpenShift {info.OpenShiftVersion ?? "(version unknown)"}" : "not OpenShift")
                    + (context.Lab.Cluster.IsSimulated ? " (simulated)" : ""),
                info.IsOpenShift ? "" : "Without OpenShift there is no MachineConfig or PerformanceProfile: Node tuning becomes manual (its plan shows how), the device plugin has no SCC binding.",
                info.IsOpenShift ? null : "Use OpenShift 4.x for the automated tuning, or follow the manual tuning of the Node tuning plan."),
            new(
                "cluster.nodes",
                FindingSeverity.Info,
                "Nodes",
                string.Join(", ", info.Nodes.Select(n => $"{n.Name} ({string.Join('/', n.Roles)})"))),
        };
        findings.AddRange(context.Settings.Workers.Select(worker => WorkerFinding(info, worker)));
        if (info.IsOpenShift)
        {
            findings.Add(OperatorFinding(info, ClusterNames.PerformanceProfilesCrd, "Node Tuning Operator", "Use OpenShift 4.11 or later, where the Node Tuning Operator serves PerformanceProfile (or install the Performance Addon Operator)."));
            findings.Add(OperatorFinding(info, ClusterNames.MachineConfigsCrd, "Machine Config Operator", "The Machine Config Operator is part of every OpenShift 4.x release: check `oc get co machine-config`."));
        }

        return findings;
    }

    public async Task<StepPlan> PlanAsync(StepContext context, CancellationToken cancellationToken)
    {
        var kcliParameters = ParametersFor(context.Settings);
        var artifact = new PlanArtifact(KcliDeployer.ParameterFileName, "yaml", kcliParameters.ToYaml());
        var info = await TryGetInfoAsync(context, cancellationToken).ConfigureAwait(false);
        if (info is null)
        {
            EnsureCanDeploy(context.Settings);
            return StepPlan.Create(
                Kind,
                $"Deploy OpenShift {kcliParameters.Tag} ({kcliParameters.Ctlplanes} control planes, {kcliParameters.Workers} workers) with kcli, then store its kubeconfig.",
                new ClusterPlanDetails(kcliParameters, context.Settings.Workers, Deploy: true),
                [
                    new PlannedChange("kcli", CommandLine.Format("kcli", KcliDeployer.Arguments(KcliDeployer.ParameterFileName, kcliParameters.Cluster))),
                    new PlannedChange("lab kubeconfig", "store the kubeconfig kcli writes (encrypted)"),
                ],
                [artifact],
                ["A deployment takes 30 to 60 minutes and needs the pull secret at " + kcliParameters.PullSecret + " on the hypervisor."]);
        }

        var adoption = await context.Lab.Cluster.ApplyAsync([AdoptionMarker(context.Settings)], dryRun: true, cancellationToken).ConfigureAwait(false);
        var missing = context.Settings.Workers.Where(w => !IsWorkerNode(info, w)).ToList();
        return StepPlan.Create(
            Kind,
            adoption.Any(r => r.Changed)
                ? $"Adopt the cluster that is there (Kubernetes {info.Version}, {info.Nodes.Count} nodes)."
                : "The cluster is already adopted.",
            new ClusterPlanDetails(kcliParameters, context.Settings.Workers),
            adoption.Where(r => r.Changed).Select(r => new PlannedChange(r.Target.ToString(), "record the adoption of the cluster")).ToList(),
            [artifact],
            missing.Select(w => $"Worker VM {w} has no worker node of the same name.").ToList());
    }

    public async Task<StepOutcome> ApplyAsync(StepContext context, StepPlan plan, CancellationToken cancellationToken)
    {
        var details = plan.DetailsAs<ClusterPlanDetails>();
        var artifacts = new[] { new PlanArtifact(KcliDeployer.ParameterFileName, "yaml", details.Kcli.ToYaml()) };
        if (!details.Deploy || await TryGetInfoAsync(context, cancellationToken).ConfigureAwait(false) is not null)
        {
            var adopted = await AdoptAsync(context, context.Lab.Cluster, details, cancellationToken).ConfigureAwait(false);
            return new StepOutcome(adopted, adopted ? "Adopted the cluster." : "The cluster was already adopted; nothing changed.", artifacts);
        }

        EnsureCanDeploy(context.Settings);
        var deployment = await kcli!.DeployAsync(context.Lab.Processes, details.Kcli, context.Log, cancellationToken).ConfigureAwait(false);
        await labs!.SetKubeconfigAsync(context.Lab.Lab.Id, deployment.Kubeconfig, cancellationToken).ConfigureAwait(false);
        context.Log.Info("Stored the new cluster's kubeconfig with the lab (encrypted).");
        var cluster = connect(deployment.Kubeconfig, context.Time);
        try
        {
            await AdoptAsync(context, cluster, details, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            (cluster as IDisposable)?.Dispose();
            if (environments is not null)
            {
                await environments.EvictAsync(context.Lab.Lab.Id).ConfigureAwait(false);
            }
        }

        return new StepOutcome(
            true,
            $"Deployed the cluster {details.Kcli.Cluster} with kcli and adopted it.",
            [.. artifacts, new PlanArtifact(KcliDeployer.DeploymentRecordName, "text", details.Kcli.Cluster)]);
    }

    /// <summary>Checks the worker nodes and records the adoption; true when the marker changed.</summary>
    /// <summary>
    /// Removes what this step created (see <see cref="ClusterTeardown"/>). A cluster this run deployed with kcli is
    /// deleted only with <see cref="TeardownOptions.DeleteKcliCluster"/>; otherwise it stays and the log says so.
    /// </summary>
    public async Task<StepOutcome> TeardownAsync(StepContext context, CancellationToken cancellationToken)
    {
        var outcome = await new ClusterTeardown().TeardownStepAsync(Kind, context, cancellationToken).ConfigureAwait(false);
        if (context.Recorded?.FirstOrDefault(a => a.Name == KcliDeployer.DeploymentRecordName) is not { } record)
        {
            return outcome;
        }

        var cluster = record.Content.Trim();
        if (context.Teardown?.DeleteKcliCluster != true)
        {
            context.Log.Warn($"The cluster {cluster} was deployed by this run with kcli and stays: deleting it needs the teardown option \"delete the kcli-deployed cluster\".");
            return outcome with { Summary = $"{outcome.Summary} The kcli cluster {cluster} stays (not asked to delete it)." };
        }

        if (kcli is null)
        {
            throw new ActionableException($"The cluster {cluster} cannot be deleted: kcli is not configured here.", $"Delete it on the hypervisor: kcli delete kube --yes {cluster}; then tear down again.");
        }

        await kcli.DeleteAsync(context.Lab.Processes, cluster, context.Log, cancellationToken).ConfigureAwait(false);
        return new StepOutcome(true, $"{outcome.Summary} Deleted the kcli cluster {cluster}.");
    }

    private static async Task<bool> AdoptAsync(StepContext context, IClusterClient cluster, ClusterPlanDetails details, CancellationToken cancellationToken)
    {
        var info = await cluster.GetInfoAsync(cancellationToken).ConfigureAwait(false);
        var missing = details.WorkerNodes.Where(w => !IsWorkerNode(info, w)).ToList();
        if (missing.Count > 0)
        {
            throw new ActionableException(
                $"No worker node for the worker VM(s) {string.Join(", ", missing)}.",
                "Deploy the cluster with the planned kcli parameter file (node names follow the VM names) or choose the worker VMs that are nodes.",
                field: nameof(RunSettings.Workers));
        }

        context.Log.Info($"Adopting the cluster: Kubernetes {info.Version}{(info.IsOpenShift ? $", OpenShift {info.OpenShiftVersion}" : " (not OpenShift)")}, workers {string.Join(", ", details.WorkerNodes)}.");
        var results = await cluster.ApplyAsync([AdoptionMarker(context.Settings)], dryRun: false, cancellationToken).ConfigureAwait(false);
        return results.Any(r => r.Changed);
    }

    /// <summary>The cluster's description, or null when the lab has no kubeconfig yet and the run deploys one with kcli.</summary>
    private static async Task<ClusterInfo?> TryGetInfoAsync(StepContext context, CancellationToken cancellationToken)
    {
        try
        {
            return await context.Lab.Cluster.GetInfoAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ActionableException) when (context.Settings.DeployClusterWithKcli && context.Lab.Cluster is MissingCluster)
        {
            return null;
        }
    }

    private KcliParameters ParametersFor(RunSettings settings) => kcli?.ParametersFor(settings) ?? KcliParameters.For(settings);

    private void EnsureCanDeploy(RunSettings settings)
    {
        if (kcli is null || labs is null)
        {
            throw new ActionableException(
                "This dashboard cannot deploy clusters: kcli is not configured.",
                "Upload the cluster's kubeconfig on the Labs page and turn off 'deploy with kcli'.",
                field: nameof(RunSettings.DeployClusterWithKcli));
        }

        if (!settings.DeployClusterWithKcli)
        {
            throw new ActionableException("The lab has no cluster to adopt.", "Upload its kubeconfig on the Labs page, or choose 'deploy with kcli'.", field: "Kubeconfig");
        }
    }

    private static StepFinding NoClusterFinding(KcliParameters parameters)
    {
        var pullSecret = KcliDeployer.ExpandHome(parameters.PullSecret);
        return File.Exists(pullSecret)
            ? new StepFinding("cluster.kcli", FindingSeverity.Info, "Cluster", "No cluster yet: Apply deploys it with kcli using the planned parameter file.")
            : new StepFinding(
                "cluster.kcli.pull-secret",
                FindingSeverity.Error,
                "Pull secret",
                $"No cluster yet, and no pull secret at {pullSecret} for kcli.",
                "kcli cannot pull OpenShift's release images without it.",
                $"Download it from https://console.redhat.com/openshift/install/pull-secret and save it as {pullSecret}.");
    }

    private static V1Namespace AdoptionMarker(RunSettings settings) => new()
    {
        ApiVersion = "v1",
        Kind = V1Namespace.KubeKind,
        Metadata = new V1ObjectMeta
        {
            Name = LabNamespace,
            Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = ClusterNames.FieldManager },
            Annotations = new Dictionary<string, string> { ["virtsriov.io/cluster-name"] = settings.ClusterName },
        },
    };

    private static bool IsWorkerNode(ClusterInfo info, string worker) => info.Workers.Any(n => n.Name == worker);

    private static StepFinding WorkerFinding(ClusterInfo info, string worker)
    {
        var node = info.Nodes.FirstOrDefault(n => n.Name == worker);
        return node switch
        {
            { IsWorker: true } => new StepFinding($"cluster.worker.{worker}", FindingSeverity.Ok, $"Worker {worker}", $"Node {node.Name} is worker VM {worker}."),
            null => new StepFinding(
                $"cluster.worker.{worker}",
                FindingSeverity.Error,
                $"Worker {worker}",
                $"No node named {worker}.",
                "Node tuning and the device plugin work per worker node; the node of a worker VM carries its name.",
                "Choose worker VMs that are nodes of this cluster."),
            _ => new StepFinding(
                $"cluster.worker.{worker}",
                FindingSeverity.Error,
                $"Worker {worker}",
                $"Node {worker} has roles {string.Join('/', node.Roles)}, not worker.",
                "The tuning applies to the worker pool.",
                $"Label the node {ClusterNames.WorkerRoleLabel}= or choose another VM."),
        };
    }

    private static StepFinding OperatorFinding(ClusterInfo info, string crd, string operatorName, string fix) =>
        info.Serves(crd)
            ? new StepFinding($"cluster.crd.{crd}", FindingSeverity.Ok, operatorName, $"{crd} is served.")
            : new StepFinding(
                $"cluster.crd.{crd}",
                FindingSeverity.Error,
                operatorName,
                $"{crd} is not served.",
                $"The node tuning step creates these objects through the {operatorName}.",
                fix);
}
