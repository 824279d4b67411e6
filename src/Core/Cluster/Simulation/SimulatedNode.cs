namespace VirtSriov.Core.Cluster.Simulation;

/// <summary>What a simulated node booted with at its last reboot: rendered config, vfio-pci ids and hugepages.</summary>
internal sealed class SimulatedNode
{
    /// <summary>Reboots since the node was created; its boot id is derived from it.</summary>
    public int Reboots { get; set; }

    /// <summary>The rendered MachineConfig the node runs (its <c>currentConfig</c> annotation).</summary>
    public string CurrentConfig { get; set; } = "";

    /// <summary>Ids (<c>8086:154c</c>) vfio-pci claimed at boot; other VFs get their kernel driver (iavf).</summary>
    public List<string> VfioIds { get; set; } = [];

    /// <summary>Hugepage resources and their quantity, e.g. <c>hugepages-1Gi</c> → <c>4Gi</c>.</summary>
    public Dictionary<string, string> Hugepages { get; set; } = [];
}
