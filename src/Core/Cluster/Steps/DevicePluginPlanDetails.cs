using System.Text.Json.Serialization;

namespace VirtSriov.Core.Cluster.Steps;

/// <summary>The VFs attached to each worker VM, from which the ConfigMap and the expected allocatable count follow.</summary>
public sealed record DevicePluginPlanDetails(IReadOnlyDictionary<string, IReadOnlyList<PciDeviceId>> VfDevicesByWorker)
{
    [JsonIgnore]
    public IReadOnlyList<PciDeviceId> AllDevices => AttachedVirtualFunctions.Distinct(VfDevicesByWorker);
}
