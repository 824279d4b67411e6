namespace VirtSriov.Core.Cluster;

/// <summary>The cluster seam: a real API server through a kubeconfig, or the simulated cluster.</summary>
public interface IClusterClient
{
    bool IsSimulated { get; }
}
