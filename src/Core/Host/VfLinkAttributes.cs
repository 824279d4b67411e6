namespace VirtSriov.Core.Host;

/// <summary>A VF's settings on its PF, as <c>ip link show dev &lt;pf&gt;</c> prints them.</summary>
/// <param name="Index">N of <c>vf N</c>.</param>
/// <param name="Mac">The MAC the PF assigned (<c>00:00:00:00:00:00</c> when none), lowercase.</param>
/// <param name="Vlan">Port VLAN the PF tags the VF's traffic with; 0 when none.</param>
/// <param name="SpoofCheck">Spoof checking (null when the driver does not report it).</param>
/// <param name="Trust">Trusted VF (null when the driver does not report it).</param>
/// <param name="LinkState"><c>auto</c>, <c>enable</c> or <c>disable</c>; null when not reported.</param>
public sealed record VfLinkAttributes(int Index, string Mac, int Vlan, bool? SpoofCheck, bool? Trust, string? LinkState);
