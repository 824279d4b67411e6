namespace VirtSriov.Core.Host;

/// <summary>One sysfs write of a batch (<see cref="ISysfs.WriteAll"/>): the attribute and the value written to it.</summary>
public sealed record SysfsWrite(string Path, string Value);
