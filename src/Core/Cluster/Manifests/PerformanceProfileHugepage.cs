namespace VirtSriov.Core.Cluster.Manifests;

/// <summary>One hugepage pool: page size (<c>1G</c>, <c>2M</c>) and page count per node.</summary>
public sealed record PerformanceProfileHugepage
{
    public string Size { get; set; } = "";

    public int Count { get; set; }
}
