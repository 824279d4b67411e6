using VirtSriov.Core.Cluster;

namespace VirtSriov.Cli.Hosting;

/// <summary>The CLI's cluster seam: the CLI talks to no cluster.</summary>
public sealed class HostOnlyCluster : IClusterClient
{
    public bool IsSimulated => false;
}
