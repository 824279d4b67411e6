namespace VirtSriov.Core.Host.Persistence;

/// <summary>One file of the boot persistence as planned.</summary>
/// <param name="Path">Host path, e.g. <c>/etc/systemd/system/virtsriov-vfs.service</c>.</param>
/// <param name="Content">Wanted text; null when the file is to be removed.</param>
/// <param name="Changes">The file on the host differs from <paramref name="Content"/> (or exists when it should not).</param>
public sealed record VfPersistenceFile(string Path, string? Content, bool Changes);
