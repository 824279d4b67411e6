using VirtSriov.Core.Kcli;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Cluster.Steps;

/// <summary>The Cluster step's plan: the kcli parameter file, the worker nodes expected, and whether Apply runs kcli.</summary>
/// <param name="Deploy">True when no cluster is reachable and the run deploys one with kcli; false adopts the cluster that is there.</param>
public sealed record ClusterPlanDetails(KcliParameters Kcli, IReadOnlyList<string> WorkerNodes, bool Deploy = false) : StepPlanDetails;
