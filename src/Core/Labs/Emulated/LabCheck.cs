namespace VirtSriov.Core.Labs.Emulated;

/// <summary>One thing the lab run set out to prove, with what it saw.</summary>
/// <param name="Id">Stable id, e.g. <c>vfs.vfio</c>.</param>
/// <param name="Passed">Whether it held.</param>
/// <param name="Observed">What was seen.</param>
public sealed record LabCheck(string Id, bool Passed, string Observed);
