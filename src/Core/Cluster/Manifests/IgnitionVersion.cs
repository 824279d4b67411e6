namespace VirtSriov.Core.Cluster.Manifests;

/// <summary>The <c>ignition</c> section: the spec version.</summary>
public sealed record IgnitionVersion
{
    public string Version { get; set; } = IgnitionConfig.SpecVersion;
}
