namespace VirtSriov.Core.Libvirt;

/// <summary>The operator's choices for placing VFs on worker VMs.</summary>
/// <param name="Mode">How workers without an override get their VFs.</param>
/// <param name="Overrides">Explicit VF addresses per worker name; those workers get exactly these VFs.</param>
public sealed record VfPlacementPreferences(VfPlacementMode Mode, IReadOnlyDictionary<string, IReadOnlyList<string>> Overrides)
{
    /// <summary>Round-robin, no overrides.</summary>
    public static VfPlacementPreferences Default { get; } = new(VfPlacementMode.RoundRobin, new Dictionary<string, IReadOnlyList<string>>());
}
