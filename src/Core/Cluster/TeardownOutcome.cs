namespace VirtSriov.Core.Cluster;

/// <summary>What a teardown removed (in the order it removed them) and how often each worker rebooted for it.</summary>
public sealed record TeardownOutcome(IReadOnlyList<ObjectReference> Deleted, IReadOnlyDictionary<string, int> Reboots);
