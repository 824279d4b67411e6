namespace VirtSriov.Core.Libvirt;

/// <summary>A domain's state as seen by one poll, when it differs from the previous poll.</summary>
/// <param name="Name">The domain.</param>
/// <param name="Previous">The state at the previous poll; null on the first poll or when the domain was just defined.</param>
/// <param name="Current">The state now; null when the domain was undefined.</param>
/// <param name="ObservedAt">When the poll saw it.</param>
public sealed record DomainStateChange(string Name, DomainState? Previous, DomainState? Current, DateTimeOffset ObservedAt);
