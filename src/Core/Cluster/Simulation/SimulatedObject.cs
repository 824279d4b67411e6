using System.Text.Json.Nodes;

namespace VirtSriov.Core.Cluster.Simulation;

/// <summary>An object as applied (status and server fields left out), with the version the simulation gave it.</summary>
internal sealed class SimulatedObject
{
    public required JsonObject Body { get; set; }

    public long ResourceVersion { get; set; }
}
