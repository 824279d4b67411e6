namespace VirtSriov.Core.Cluster;

/// <summary>Names the product uses on every cluster.</summary>
public static class ClusterNames
{
    /// <summary>Field manager of every server-side apply.</summary>
    public const string FieldManager = "virtsriov";

    public const string WorkerPool = "worker";

    public const string WorkerRoleLabel = "node-role.kubernetes.io/worker";

    public const string MachineConfigRoleLabel = "machineconfiguration.openshift.io/role";

    public const string PerformanceProfilesCrd = "performanceprofiles.performance.openshift.io";

    public const string MachineConfigsCrd = "machineconfigs.machineconfiguration.openshift.io";

    /// <summary>Served when the SR-IOV Network Operator is installed (its node policies).</summary>
    public const string SriovNetworkNodePoliciesCrd = "sriovnetworknodepolicies.sriovnetwork.openshift.io";

    /// <summary>The OpenShift SecurityContextConstraints the device plugin needs.</summary>
    public const string PrivilegedScc = "privileged";
}
