namespace VirtSriov.Core.Cluster.Manifests;

/// <summary>The <c>storage</c> section: files to write.</summary>
public sealed record IgnitionStorage
{
    public IReadOnlyList<IgnitionFile> Files { get; set; } = [];
}
