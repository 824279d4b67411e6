namespace VirtSriov.Core.Cluster.Simulation;

/// <summary>
/// A MachineConfigPool. A change of its MachineConfigs (or PerformanceProfile) is rendered <see cref="RenderAt"/>,
/// a few seconds later, paused or not, into <see cref="RenderedConfig"/> and <see cref="RenderedSources"/>
/// (<c>spec.configuration</c>); only an unpaused pool then rolls its nodes out to it, so changes made while paused cost
/// one reboot per node in all.
/// </summary>
internal sealed class SimulatedPool
{
    public bool Paused { get; set; }

    public string RenderedConfig { get; set; } = "";

    public List<string> RenderedSources { get; set; } = [];

    public SimulatedWorkerConfig RenderedWorkerConfig { get; set; } = new([], []);

    /// <summary>When the render controller (and the Node Tuning Operator) will have rendered the last change; null when rendered.</summary>
    public DateTimeOffset? RenderAt { get; set; }

    public SimulatedRollout? Rollout { get; set; }
}
