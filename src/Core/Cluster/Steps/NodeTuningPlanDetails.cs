using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Cluster.Steps;

/// <summary>The inputs of the tuning manifests, so Apply builds exactly what Plan showed.</summary>
/// <param name="VfDevices">Vendor:device ids of the VFs attached to the workers, e.g. <c>8086:154c</c>.</param>
/// <param name="WorkerCpus">CPUs of the smallest worker.</param>
/// <param name="IsOpenShift">False on plain Kubernetes: nothing is applied, the workers are only checked for hugepages.</param>
/// <param name="Workers">The worker nodes the tuning is for.</param>
public sealed record NodeTuningPlanDetails(IReadOnlyList<PciDeviceId> VfDevices, int WorkerCpus, bool IsOpenShift = true, IReadOnlyList<string>? Workers = null) : StepPlanDetails;
