using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Host;

/// <summary>The typed plan of the Virtual functions step (stored as the plan's details).</summary>
/// <param name="PfAddress">The PF, e.g. <c>0000:3b:00.0</c>.</param>
/// <param name="PfNetdev">Its interface, e.g. <c>ens1f0</c>, or null.</param>
/// <param name="BringLinkUp">The PF netdev is administratively down and will be set up.</param>
/// <param name="DisableAutoprobe"><c>sriov_drivers_autoprobe</c> is 1 and will be set to 0.</param>
/// <param name="CurrentCount">sriov_numvfs when planned.</param>
/// <param name="TargetCount">sriov_numvfs wanted.</param>
/// <param name="RemoveFirst">0 is written before the target (the kernel refuses a non-zero count over a non-zero one).</param>
/// <param name="PredictedVfAddresses">VF addresses from sriov_offset and sriov_stride, VF 0 first.</param>
/// <param name="VfsToBind">VFs that will be bound to vfio-pci.</param>
public sealed record VfPlan(
    string PfAddress,
    string? PfNetdev,
    bool BringLinkUp,
    bool DisableAutoprobe,
    int CurrentCount,
    int TargetCount,
    bool RemoveFirst,
    IReadOnlyList<string> PredictedVfAddresses,
    IReadOnlyList<string> VfsToBind) : StepPlanDetails
{
    public bool ChangesCount => CurrentCount != TargetCount;

    /// <summary>MAC, trust, spoof checking and VLAN of every VF, set on the PF before the VFs are bound; empty when the PF has no netdev.</summary>
    public IReadOnlyList<VfLinkPlan> Links { get; init; } = [];

    /// <summary>The boot-time unit that recreates these VFs after a host reboot (written after the VFs are up).</summary>
    public Persistence.VfPersistencePlan? Persistence { get; init; }
}
