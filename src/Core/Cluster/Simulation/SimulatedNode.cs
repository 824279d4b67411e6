namespace VirtSriov.Core.Cluster.Simulation;

/// <summary>What a simulated node booted with at its last reboot: vfio-pci ids and hugepages.</summary>
internal sealed class SimulatedNode
{
    public int Reboots { get; set; }

    /// <summary>Ids (<c>8086:154c</c>) vfio-pci claimed at boot; other VFs get their kernel driver (iavf).</summary>
    public List<string> VfioIds { get; set; } = [];

    /// <summary>Hugepage resources and their quantity, e.g. <c>hugepages-1Gi</c> → <c>4Gi</c>.</summary>
    public Dictionary<string, string> Hugepages { get; set; } = [];
}
