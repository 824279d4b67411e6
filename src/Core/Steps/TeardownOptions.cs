namespace VirtSriov.Core.Steps;

/// <summary>What the operator consents to when tearing a run down.</summary>
/// <param name="DeleteKcliCluster">
/// Delete the OpenShift cluster the run deployed with kcli (<c>kcli delete kube</c>): its VMs and disks are gone for good.
/// Without it the cluster stays and only what the steps put on it is removed.
/// </param>
public sealed record TeardownOptions(bool DeleteKcliCluster = false)
{
    public static TeardownOptions KeepCluster { get; } = new();
}
