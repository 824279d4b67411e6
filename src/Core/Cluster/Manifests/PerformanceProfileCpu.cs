namespace VirtSriov.Core.Cluster.Manifests;

/// <summary>CPU sets in Linux list form, e.g. reserved <c>0-1</c>, isolated <c>2-7</c>.</summary>
public sealed record PerformanceProfileCpu
{
    public string Reserved { get; set; } = "";

    public string Isolated { get; set; } = "";
}
