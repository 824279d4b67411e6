namespace VirtSriov.Core.Cluster.Manifests;

/// <summary>An Ignition config (spec 3.2.0, the version every OpenShift 4.x MachineConfig accepts) that writes files.</summary>
public sealed record IgnitionConfig
{
    public const string SpecVersion = "3.2.0";

    public IgnitionVersion Ignition { get; set; } = new();

    public IgnitionStorage Storage { get; set; } = new();
}
