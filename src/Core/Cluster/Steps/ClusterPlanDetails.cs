using VirtSriov.Core.Kcli;

namespace VirtSriov.Core.Cluster.Steps;

/// <summary>The Cluster step's plan: adopt the cluster that is there (the kcli parameters are shown for a later deployment).</summary>
public sealed record ClusterPlanDetails(KcliParameters Kcli, IReadOnlyList<string> WorkerNodes);
