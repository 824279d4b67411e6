namespace VirtSriov.Core.Cluster;

/// <summary>
/// A MachineConfigPool as the API shows it; <paramref name="DegradedReason"/> is set while it is Degraded.
/// <paramref name="RenderedConfig"/> and <paramref name="RenderedSources"/> are <c>spec.configuration</c>: the rendered
/// MachineConfig the render controller made for the pool and the MachineConfigs it was rendered from. They change a few
/// seconds after a MachineConfig does, paused or not; until then the pool reports the old configuration as Updated.
/// </summary>
public sealed record MachineConfigPoolState(
    string Name,
    bool Paused,
    bool Updated,
    int MachineCount,
    int UpdatedMachineCount,
    string? DegradedReason = null,
    string? RenderedConfig = null,
    IReadOnlyList<string>? RenderedSources = null)
{
    public IReadOnlyList<string> Sources => RenderedSources ?? [];
}
