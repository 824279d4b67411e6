namespace VirtSriov.Core.Host;

/// <summary>A known problem seen in the kernel log: what it means, what to do, and the first line that showed it.</summary>
public sealed record KernelLogCause(string Cause, string Fix, string Line);
