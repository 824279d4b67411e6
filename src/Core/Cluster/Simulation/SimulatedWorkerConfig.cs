namespace VirtSriov.Core.Cluster.Simulation;

/// <summary>The worker pool configuration a rollout takes to the nodes (what the MachineConfigs and PerformanceProfile ask for).</summary>
internal sealed record SimulatedWorkerConfig(List<string> VfioIds, Dictionary<string, string> Hugepages);
