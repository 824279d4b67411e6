namespace VirtSriov.Core.Cluster.Manifests;

/// <summary>Hugepages a PerformanceProfile allocates at boot, e.g. default <c>1G</c>, pages [{1G × 4}].</summary>
public sealed record PerformanceProfileHugepages
{
    public string DefaultHugepagesSize { get; set; } = "";

    public IReadOnlyList<PerformanceProfileHugepage> Pages { get; set; } = [];
}
