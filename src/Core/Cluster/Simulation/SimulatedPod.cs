using System.Text.Json.Nodes;

namespace VirtSriov.Core.Cluster.Simulation;

/// <summary>A pod of the simulated cluster: where it was scheduled and, once its container ran, its whole log.</summary>
internal sealed class SimulatedPod
{
    public required JsonObject Body { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string? NodeName { get; set; }

    public List<string>? Log { get; set; }
}
