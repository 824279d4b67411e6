namespace VirtSriov.Core.Cluster.Manifests;

/// <summary>A MachineConfig's spec; only the Ignition config is used by the recipe.</summary>
public sealed record MachineConfigSpec
{
    public IgnitionConfig Config { get; set; } = new();
}
