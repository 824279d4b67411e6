namespace VirtSriov.Core.Host.Simulation;

/// <summary>One entry of a PCI device's sysfs directory, as a fidelity snapshot records it.</summary>
/// <param name="Name">Name relative to the device directory, e.g. <c>sriov_numvfs</c>, <c>virtfn0</c>, <c>physfn</c>.</param>
/// <param name="Kind"><c>file</c>, <c>directory</c> or <c>link</c>.</param>
/// <param name="LinkTarget">The link's target as the kernel shows it (e.g. <c>../0000:00:13.0</c>); null for other kinds.</param>
/// <param name="LinkShape">The target with addresses, numbers and driver names abstracted (see <see cref="SysfsLinkShape"/>).</param>
/// <param name="Value">The trimmed content, for the attributes whose format the product parses (<see cref="SysfsSnapshotter.RecordedValues"/>).</param>
public sealed record SysfsEntrySnapshot(string Name, string Kind, string? LinkTarget = null, string? LinkShape = null, string? Value = null)
{
    public const string FileKind = "file";
    public const string DirectoryKind = "directory";
    public const string LinkKind = "link";
}
