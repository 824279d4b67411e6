namespace VirtSriov.Core.Cluster.Manifests;

/// <summary>The parts of a PerformanceProfile's spec the recipe sets.</summary>
public sealed record PerformanceProfileSpec
{
    public PerformanceProfileCpu Cpu { get; set; } = new();

    public PerformanceProfileHugepages? Hugepages { get; set; }

    public IReadOnlyList<string> AdditionalKernelArgs { get; set; } = [];

    public IReadOnlyDictionary<string, string> NodeSelector { get; set; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string>? MachineConfigPoolSelector { get; set; }
}
