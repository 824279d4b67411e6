namespace VirtSriov.Core.Cluster.Simulation;

/// <summary>
/// A MachineConfigPool: every change of its configuration raises <see cref="ConfigGeneration"/>; a rollout takes the
/// nodes to it unless the pool is paused, so changes made while paused cost one reboot per node in all.
/// </summary>
internal sealed class SimulatedPool
{
    public bool Paused { get; set; }

    public int ConfigGeneration { get; set; }

    public int AppliedGeneration { get; set; }

    public SimulatedRollout? Rollout { get; set; }

    public bool Updated => Rollout is null && AppliedGeneration == ConfigGeneration;
}
