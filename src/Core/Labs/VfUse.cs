namespace VirtSriov.Core.Labs;

/// <summary>A VF and who uses it.</summary>
/// <param name="Address">PCI address.</param>
/// <param name="Driver">Bound driver, or null.</param>
/// <param name="Domain">The running libvirt domain holding it as a hostdev, or null when free.</param>
public sealed record VfUse(string Address, string? Driver, string? Domain);
