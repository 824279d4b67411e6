namespace VirtSriov.Core.Cluster;

/// <summary>What the cluster is: its version, whether it is OpenShift, its nodes and the CRDs it serves.</summary>
/// <param name="Version">Kubernetes server version, e.g. <c>v1.31.6</c>.</param>
/// <param name="OpenShiftVersion">OpenShift release (from the <c>version</c> ClusterVersion), or null when unknown.</param>
/// <param name="ServedCrds">Names of served CRDs among those the recipe needs, e.g. <c>machineconfigs.machineconfiguration.openshift.io</c>.</param>
public sealed record ClusterInfo(
    string Version,
    bool IsOpenShift,
    string? OpenShiftVersion,
    IReadOnlyList<ClusterNode> Nodes,
    IReadOnlyList<string> ServedCrds)
{
    public IEnumerable<ClusterNode> Workers => Nodes.Where(n => n.IsWorker);

    public bool Serves(string crd) => ServedCrds.Contains(crd, StringComparer.Ordinal);
}
