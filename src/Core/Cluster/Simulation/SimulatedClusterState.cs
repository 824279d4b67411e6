namespace VirtSriov.Core.Cluster.Simulation;

/// <summary>Everything the simulated cluster knows; stored as JSON so a restarted app finds its cluster as it left it.</summary>
internal sealed class SimulatedClusterState
{
    /// <summary>Applied objects by <see cref="ObjectReference"/> key.</summary>
    public Dictionary<string, SimulatedObject> Objects { get; set; } = [];

    public Dictionary<string, SimulatedPod> Pods { get; set; } = [];

    public SimulatedPool WorkerPool { get; set; } = new();

    public Dictionary<string, SimulatedNode> Nodes { get; set; } = [];

    public long LastResourceVersion { get; set; }
}
