namespace VirtSriov.Core.Cluster;

/// <summary>A node with its roles (from <c>node-role.kubernetes.io/*</c> labels), capacity and allocatable resources.</summary>
public sealed record ClusterNode(
    string Name,
    IReadOnlyList<string> Roles,
    IReadOnlyDictionary<string, string> Capacity,
    IReadOnlyDictionary<string, string> Allocatable)
{
    public bool IsWorker => Roles.Contains("worker", StringComparer.Ordinal);

    /// <summary>CPU count from the node's capacity (whole CPUs), or 0 when unknown.</summary>
    public int CpuCount =>
        Capacity.TryGetValue("cpu", out var cpu) && int.TryParse(cpu, System.Globalization.CultureInfo.InvariantCulture, out var count) ? count : 0;
}
