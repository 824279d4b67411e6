namespace VirtSriov.Core.Cluster;

/// <summary>The outcome of applying one object: false when the cluster already held exactly that.</summary>
public sealed record ApplyResult(ObjectReference Target, bool Changed);
