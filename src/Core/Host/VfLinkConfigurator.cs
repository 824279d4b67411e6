using System.Globalization;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Host;

/// <summary>
/// Sets each VF's MAC, VLAN, spoof checking and trust on the PF with <c>ip link set dev &lt;pf&gt; vf N …</c>, only
/// where <c>ip link show</c> differs from the plan, registers how to restore what it changed, and verifies by reading back
/// (the settings and the read-back in one ip process).
/// </summary>
internal sealed class VfLinkConfigurator(StepContext context, SysfsChangeJournal journal)
{
    /// <summary>The VF lines of <c>ip link show dev <paramref name="netdev"/></c>.</summary>
    public static async Task<IReadOnlyList<VfLinkAttributes>> ReadAsync(StepContext context, string netdev, CancellationToken cancellationToken)
    {
        try
        {
            return IpLinkVfParser.Parse(await IpCommand.RunAsync(context.Lab.Processes, Show(netdev), cancellationToken).ConfigureAwait(false));
        }
        catch (IpCommandException e)
        {
            throw Refused(e, netdev);
        }
    }

    /// <summary>The VF lines of the plan's PF as Apply starts to change them (none to read when the plan sets no VF).</summary>
    public Task<IReadOnlyList<VfLinkAttributes>> ReadAsync(VfPlan plan, CancellationToken cancellationToken) =>
        plan.Links.Count == 0 || plan.PfNetdev is not { } netdev
            ? Task.FromResult<IReadOnlyList<VfLinkAttributes>>([])
            : ReadAsync(context, netdev, cancellationToken);

    /// <param name="plan">The plan; its <see cref="VfPlan.Links"/> are applied.</param>
    /// <param name="current">The VF lines read since the VFs exist (<see cref="ReadAsync(VfPlan, CancellationToken)"/>).</param>
    /// <param name="fresh">The VFs were just created: nothing to restore per VF (a rollback removes them, and the PF forgets their settings).</param>
    /// <param name="cancellationToken">Cancels the ip commands.</param>
    /// <remarks>Every setting and the read-back that verifies them run in one ip process: one round trip for any number of VFs.</remarks>
    public async Task ApplyAsync(VfPlan plan, IReadOnlyList<VfLinkAttributes> current, bool fresh, CancellationToken cancellationToken)
    {
        if (plan.Links.Count == 0 || plan.PfNetdev is not { } netdev)
        {
            return;
        }

        var sets = new List<IReadOnlyList<string>>();
        foreach (var link in plan.Links)
        {
            var found = current.FirstOrDefault(vf => vf.Index == link.Index);
            var settings = link.SettingsFrom(found);
            if (settings.Count == 0)
            {
                continue;
            }

            if (!fresh && found is not null)
            {
                var restore = Restore(found);
                journal.OnRollback($"vf {Index(link)} of {netdev} restored to {string.Join(' ', restore)}", ct => journal.IpAsync(context.Lab.Processes, Set(netdev, link, restore), ct));
            }

            sets.Add(Set(netdev, link, settings));
        }

        if (sets.Count == 0)
        {
            return;
        }

        try
        {
            Verify(plan, netdev, IpLinkVfParser.Parse(await journal.IpAllAsync(context.Lab.Processes, sets, Show(netdev), cancellationToken).ConfigureAwait(false)));
        }
        catch (IpCommandException e)
        {
            throw Refused(e, netdev);
        }
    }

    private static void Verify(VfPlan plan, string netdev, IReadOnlyList<VfLinkAttributes> readBack)
    {
        foreach (var link in plan.Links)
        {
            var found = readBack.FirstOrDefault(vf => vf.Index == link.Index);
            if (found is null || link.SettingsFrom(found).Count > 0)
            {
                var wanted = string.Join(' ', link.SettingsFrom(null));
                throw new ActionableException(
                    $"{netdev} does not show vf {Index(link)} ({link.Address}) with {wanted} after setting it: {(found is null ? "no such VF line" : $"it shows mac {found.Mac}, vlan {found.Vlan}, spoof checking {found.SpoofCheck}, trust {found.Trust}")}.",
                    $"The PF driver may not support these VF settings; check the kernel log (dmesg) for {netdev}, or update the driver.",
                    $"ip link show dev {netdev}");
            }
        }
    }

    private static string[] Show(string netdev) => ["link", "show", "dev", netdev];

    private static string[] Set(string netdev, VfLinkPlan link, IReadOnlyList<string> settings) =>
        ["link", "set", "dev", netdev, "vf", Index(link), .. settings];

    private static List<string> Restore(VfLinkAttributes found)
    {
        List<string> settings = ["mac", found.Mac, "vlan", found.Vlan.ToString(CultureInfo.InvariantCulture)];
        if (found.SpoofCheck is { } spoofCheck)
        {
            settings.AddRange(["spoofchk", spoofCheck ? "on" : "off"]);
        }

        if (found.Trust is { } trust)
        {
            settings.AddRange(["trust", trust ? "on" : "off"]);
        }

        return settings;
    }

    private static string Index(VfLinkPlan link) => link.Index.ToString(CultureInfo.InvariantCulture);

    private static ActionableException Refused(IpCommandException e, string netdev)
    {
        var call = "ip " + string.Join(' ', e.Arguments);
        if (e.IsPermissionDenied)
        {
            return new ActionableException(
                $"The kernel refused to change the VFs of {netdev}: {e.Error} (EPERM).",
                VirtualFunctionsApplier.RootFix,
                call,
                inner: e);
        }

        // A whole batch that ip could not parse names no one setting.
        var field = IpCommand.IsBatch(e.Arguments) ? null
            : e.Arguments.Contains("mac") && e.Error.Contains("Invalid argument", StringComparison.Ordinal) ? nameof(RunSettings.VfMacPrefix)
            : e.Error.Contains("vlan", StringComparison.Ordinal) ? nameof(RunSettings.VfVlan)
            : null;
        return new ActionableException(
            $"{netdev} refused {call}: {e.Error}.",
            field switch
            {
                nameof(RunSettings.VfMacPrefix) => "Choose a unicast MAC prefix (the first octet even, e.g. 02:76:73) that the PF driver accepts, then plan again.",
                nameof(RunSettings.VfVlan) => "Choose a VLAN between 1 and 4094, or none, then plan again.",
                _ => $"Check that {netdev} has these VFs (sriov_numvfs) and look at the kernel log (dmesg) for the PF driver's message.",
            },
            call,
            field,
            e);
    }
}
