namespace VirtSriov.Cli.LabRun;

/// <summary>A VF after the Virtual functions step, with the MAC set for it on the PF (null when none was set).</summary>
public sealed record LabVf(int Index, string Address, string DeviceId, string? Driver, int? IommuGroup, string? Mac);
