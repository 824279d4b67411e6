using System.Text.Json.Serialization;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Cluster.Steps;

/// <summary>The VFs attached to each worker VM, from which the ConfigMap and the expected allocatable count follow.</summary>
/// <param name="IsOpenShift">False on plain Kubernetes: no SCC ClusterRole and RoleBinding.</param>
public sealed record DevicePluginPlanDetails(IReadOnlyDictionary<string, IReadOnlyList<PciDeviceId>> VfDevicesByWorker, bool IsOpenShift = true) : StepPlanDetails
{
    [JsonIgnore]
    public IReadOnlyList<PciDeviceId> AllDevices => AttachedVirtualFunctions.Distinct(VfDevicesByWorker);
}
