namespace VirtSriov.Core.Steps;

/// <summary>One change Apply will make, e.g. target <c>/sys/bus/pci/devices/0000:3b:00.0/sriov_numvfs</c>, "0 → 4".</summary>
public sealed record PlannedChange(string Target, string Description);
