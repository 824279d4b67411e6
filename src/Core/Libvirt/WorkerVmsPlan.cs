using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Libvirt;

/// <summary>The typed details of the Worker VMs step's plan.</summary>
/// <param name="PfAddress">The PF whose VFs are placed.</param>
/// <param name="Workers">One entry per worker, in the order of the settings.</param>
public sealed record WorkerVmsPlan(string PfAddress, IReadOnlyList<WorkerVmPlan> Workers) : StepPlanDetails;
