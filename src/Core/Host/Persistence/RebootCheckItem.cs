namespace VirtSriov.Core.Host.Persistence;

/// <summary>One comparison of the reboot check: what the Virtual functions step recorded against what the host shows after the reboot.</summary>
public sealed record RebootCheckItem(string What, string Expected, string Found, bool Matches);
