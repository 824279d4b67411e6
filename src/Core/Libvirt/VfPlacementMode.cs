namespace VirtSriov.Core.Libvirt;

/// <summary>How <see cref="VfPlacementPlanner"/> gives VFs to the workers it places automatically.</summary>
public enum VfPlacementMode
{
    /// <summary>In worker order, each worker takes the next free VFs of the PF (worker i: VFs i·k … i·k+k−1 without overrides).</summary>
    RoundRobin,

    /// <summary>Only workers whose vCPUs/memory are pinned to the PF's NUMA node get VFs, so DMA stays on the local node.</summary>
    PfNumaNode,
}
