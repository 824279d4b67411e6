using k8s.Models;
using VirtSriov.Core.Kcli;
using VirtSriov.Core.Runs;

namespace VirtSriov.Core.Cluster.Steps;

/// <summary>
/// Step 3: the OpenShift cluster on the lab's VMs. Inspect reports its version, nodes (and which worker VM each worker
/// node is) and whether the operators' CRDs are served; Plan shows the kcli parameter file of such a cluster; Apply
/// adopts the cluster that is there, recording the adoption on the cluster as the product's namespace.
/// </summary>
public sealed class ClusterStep : IRunStep
{
    /// <summary>The product's own namespace; its labels record that the cluster was adopted for this lab.</summary>
    public const string LabNamespace = "virtsriov";

    public StepKind Kind => StepKind.Cluster;

    public string Title => "Cluster";

    public string? Limitations =>
        "Adopts an existing cluster only (the simulated lab's, or the one of the lab's kubeconfig). Running "
        + "`kcli create kube openshift --paramfile` with the generated parameter file, and fetching its kubeconfig, "
        + "is not automated yet: run kcli by hand with the shown file, then add the kubeconfig to the lab.";

    public async Task<IReadOnlyList<StepFinding>> InspectAsync(StepContext context, CancellationToken cancellationToken)
    {
        var info = await context.Lab.Cluster.GetInfoAsync(cancellationToken).ConfigureAwait(false);
        var findings = new List<StepFinding>
        {
            new(
                "cluster.version",
                info.IsOpenShift ? FindingSeverity.Ok : FindingSeverity.Error,
                "OpenShift cluster",
                $"Kubernetes {info.Version}, " + (info.IsOpenShift ? $"OpenShift {info.OpenShiftVersion ?? "(version unknown)"}" : "not OpenShift")
                    + (context.Lab.Cluster.IsSimulated ? " (simulated)" : ""),
                info.IsOpenShift ? "" : "The recipe tunes nodes through OpenShift's Machine Config and Node Tuning operators.",
                info.IsOpenShift ? null : "Use an OpenShift 4.x cluster (e.g. deployed by kcli with the planned parameter file)."),
            new(
                "cluster.nodes",
                FindingSeverity.Info,
                "Nodes",
                string.Join(", ", info.Nodes.Select(n => $"{n.Name} ({string.Join('/', n.Roles)})"))),
        };
        findings.AddRange(context.Settings.Workers.Select(worker => WorkerFinding(info, worker)));
        findings.Add(OperatorFinding(info, ClusterNames.PerformanceProfilesCrd, "Node Tuning Operator"));
        findings.Add(OperatorFinding(info, ClusterNames.MachineConfigsCrd, "Machine Config Operator"));
        return findings;
    }

    public async Task<StepPlan> PlanAsync(StepContext context, CancellationToken cancellationToken)
    {
        var kcli = KcliParameters.For(context.Settings);
        var info = await context.Lab.Cluster.GetInfoAsync(cancellationToken).ConfigureAwait(false);
        var adoption = await context.Lab.Cluster.ApplyAsync([AdoptionMarker(context.Settings)], dryRun: true, cancellationToken).ConfigureAwait(false);
        var missing = context.Settings.Workers.Where(w => !IsWorkerNode(info, w)).ToList();
        return StepPlan.Create(
            Kind,
            adoption.Any(r => r.Changed)
                ? $"Adopt the cluster that is there (Kubernetes {info.Version}, {info.Nodes.Count} nodes)."
                : "The cluster is already adopted.",
            new ClusterPlanDetails(kcli, context.Settings.Workers),
            adoption.Where(r => r.Changed).Select(r => new PlannedChange(r.Target.ToString(), "record the adoption of the cluster")).ToList(),
            [new PlanArtifact("kcli-parameters.yml", "yaml", kcli.ToYaml())],
            missing.Select(w => $"Worker VM {w} has no worker node of the same name.").ToList());
    }

    public async Task<StepOutcome> ApplyAsync(StepContext context, StepPlan plan, CancellationToken cancellationToken)
    {
        var details = plan.Details<ClusterPlanDetails>();
        var info = await context.Lab.Cluster.GetInfoAsync(cancellationToken).ConfigureAwait(false);
        var missing = details.WorkerNodes.Where(w => !IsWorkerNode(info, w)).ToList();
        if (missing.Count > 0)
        {
            throw new ActionableException(
                $"No worker node for the worker VM(s) {string.Join(", ", missing)}.",
                "Deploy the cluster with the planned kcli parameter file (node names follow the VM names) or choose the worker VMs that are nodes.",
                field: nameof(RunSettings.Workers));
        }

        context.Log.Info($"Adopting the cluster: Kubernetes {info.Version}, workers {string.Join(", ", details.WorkerNodes)}.");
        var results = await context.Lab.Cluster.ApplyAsync([AdoptionMarker(context.Settings)], dryRun: false, cancellationToken).ConfigureAwait(false);
        var changed = results.Any(r => r.Changed);
        return new StepOutcome(
            changed,
            changed ? $"Adopted the cluster with {info.Nodes.Count} nodes." : "The cluster was already adopted; nothing changed.",
            [new PlanArtifact("kcli-parameters.yml", "yaml", details.Kcli.ToYaml())]);
    }

    private static V1Namespace AdoptionMarker(RunSettings settings) => new V1Namespace
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

    private static StepFinding OperatorFinding(ClusterInfo info, string crd, string operatorName) =>
        info.Serves(crd)
            ? new StepFinding($"cluster.crd.{crd}", FindingSeverity.Ok, operatorName, $"{crd} is served.")
            : new StepFinding(
                $"cluster.crd.{crd}",
                FindingSeverity.Error,
                operatorName,
                $"{crd} is not served.",
                $"The node tuning step creates these objects through the {operatorName}.",
                "Use an OpenShift 4.x cluster, where the operator is part of the release.");
}
