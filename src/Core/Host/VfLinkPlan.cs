namespace VirtSriov.Core.Host;

/// <summary>The settings one VF gets on its PF (<c>ip link set dev &lt;pf&gt; vf N …</c>), before it is bound to vfio-pci.</summary>
/// <param name="Index">N of <c>virtfnN</c> / <c>vf N</c>.</param>
/// <param name="Address">The VF's PCI address (predicted when the VF does not exist yet).</param>
/// <param name="Mac">MAC to set, lowercase; null leaves the MAC to the driver.</param>
/// <param name="Trust"><c>trust on|off</c>.</param>
/// <param name="SpoofCheck"><c>spoofchk on|off</c>.</param>
/// <param name="Vlan">Port VLAN; 0 for none.</param>
public sealed record VfLinkPlan(int Index, string Address, string? Mac, bool Trust, bool SpoofCheck, int Vlan)
{
    /// <summary>The <c>ip link set</c> arguments after <c>vf N</c> that bring <paramref name="current"/> to this plan (all of them when unknown).</summary>
    public IReadOnlyList<string> SettingsFrom(VfLinkAttributes? current)
    {
        var settings = new List<string>();
        if (Mac is not null && current?.Mac != Mac)
        {
            settings.AddRange(["mac", Mac]);
        }

        if (current?.Vlan != Vlan)
        {
            settings.AddRange(["vlan", Vlan.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        // A driver that does not report spoof checking or trust (null) is left alone rather than set on every Apply.
        if (current is null || current.SpoofCheck is { } spoofCheck && spoofCheck != SpoofCheck)
        {
            settings.AddRange(["spoofchk", OnOff(SpoofCheck)]);
        }

        if (current is null || current.Trust is { } trust && trust != Trust)
        {
            settings.AddRange(["trust", OnOff(Trust)]);
        }

        return settings;
    }

    private static string OnOff(bool value) => value ? "on" : "off";
}
