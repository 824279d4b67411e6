namespace VirtSriov.Core.Libvirt;

/// <summary>The VFs placed on one worker and why.</summary>
/// <param name="Worker">Libvirt domain name.</param>
/// <param name="VfAddresses">Host PCI addresses of its VFs (may be empty).</param>
/// <param name="Reason">How they were chosen, in words.</param>
public sealed record WorkerVfAssignment(string Worker, IReadOnlyList<string> VfAddresses, string Reason);
