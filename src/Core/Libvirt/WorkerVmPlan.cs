namespace VirtSriov.Core.Libvirt;

/// <summary>The plan for one worker VM: which VFs it gets and the domain XML that carries them.</summary>
/// <param name="Name">Libvirt domain name.</param>
/// <param name="VfAddresses">Host PCI addresses of its VFs, in placement order.</param>
/// <param name="PatchedXml">The domain XML Apply defines.</param>
/// <param name="Changes">The changes in words; empty when the domain already matches.</param>
public sealed record WorkerVmPlan(string Name, IReadOnlyList<string> VfAddresses, string PatchedXml, IReadOnlyList<string> Changes);
