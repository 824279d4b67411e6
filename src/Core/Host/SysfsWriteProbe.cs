namespace VirtSriov.Core.Host;

/// <summary>A write a fidelity snapshot tried, and how the kernel answered.</summary>
/// <param name="Id">Stable id, e.g. <c>numvfs.over-nonzero</c>.</param>
/// <param name="Path">Host path written, with the device's address (e.g. <c>/sys/bus/pci/devices/0000:00:03.0/sriov_numvfs</c>).</param>
/// <param name="Value">What was written.</param>
/// <param name="Errno">The errno name (<c>EBUSY</c>, <c>ERANGE</c>…), or null when the write was accepted.</param>
public sealed record SysfsWriteProbe(string Id, string Path, string Value, string? Errno);
