namespace VirtSriov.Core.Cluster.Kubernetes;

/// <summary>One read from a followed log: a line, or the connection dropped mid-stream.</summary>
internal sealed record LogRead(string? Line, bool Dropped);
