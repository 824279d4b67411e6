using System.Globalization;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Host;

/// <summary>
/// Sets each VF's MAC, VLAN, spoof checking and trust on the PF with <c>ip link set dev &lt;pf&gt; vf N …</c>, only
/// where <c>ip link show</c> differs from the plan, registers how to restore what it changed, and verifies by reading back.
/// </summary>
internal sealed class VfLinkConfigurator(StepContext context, SysfsChangeJournal journal)
{
    /// <summary>The VF lines of <c>ip link show dev <paramref name="netdev"/></c>.</summary>
    public static async Task<IReadOnlyList<VfLinkAttributes>> ReadAsync(StepContext context, string netdev, CancellationToken cancellationToken)
    {
        string[] arguments = ["link", "show", "dev", netdev];
        try
        {
            return IpLinkVfParser.Parse(await IpCommand.RunAsync(context.Lab.Processes, arguments, cancellationToken).ConfigureAwait(false));
        }
        catch (IpCommandException e)
        {
            throw Refused(e, netdev);
        }
    }

    /// <param name="plan">The plan; its <see cref="VfPlan.Links"/> are applied.</param>
    /// <param name="fresh">The VFs were just created: nothing to restore per VF (a rollback removes them, and the PF forgets their settings).</param>
    /// <param name="cancellationToken">Cancels the ip commands.</param>
    public async Task ApplyAsync(VfPlan plan, bool fresh, CancellationToken cancellationToken)
    {
        if (plan.Links.Count == 0 || plan.PfNetdev is not { } netdev)
        {
            return;
        }

        var current = await ReadAsync(context, netdev, cancellationToken).ConfigureAwait(false);
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

            try
            {
                await journal.IpAsync(context.Lab.Processes, Set(netdev, link, settings), cancellationToken).ConfigureAwait(false);
            }
            catch (IpCommandException e)
            {
                throw Refused(e, netdev);
            }
        }

        await VerifyAsync(plan, netdev, cancellationToken).ConfigureAwait(false);
    }

    private async Task VerifyAsync(VfPlan plan, string netdev, CancellationToken cancellationToken)
    {
        var readBack = await ReadAsync(context, netdev, cancellationToken).ConfigureAwait(false);
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

        var field = e.Arguments.Contains("mac") && e.Error.Contains("Invalid argument", StringComparison.Ordinal) ? nameof(RunSettings.VfMacPrefix)
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
