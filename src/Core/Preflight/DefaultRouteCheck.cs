using VirtSriov.Core.Host;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Preflight;

/// <summary>
/// Whether an Intel SR-IOV PF carries the host's default route (IPv4 /proc/net/route, IPv6 /proc/net/ipv6_route),
/// directly or under a bridge, bond or VLAN.
/// </summary>
public sealed class DefaultRouteCheck : SysfsCheck
{
    private const string Title = "Default route";

    /// <summary>Bridge over bond over VLAN over PF is as deep as hosts go.</summary>
    private const int MaxStackDepth = 4;

    public override string Id => "sriov.default-route";

    protected override IEnumerable<StepFinding> Check(ISysfs sysfs, RunSettings settings)
    {
        var routes = DefaultRouteInterfaces(sysfs);
        var pfs = SriovInventory.ReadPhysicalFunctions(sysfs).Where(pf => pf.IsIntel && pf.Netdev is not null).ToList();
        var carrying = routes
            .SelectMany(route => LowerInterfaces(sysfs, route, 0).Select(netdev => (Route: route, Pf: pfs.FirstOrDefault(pf => pf.Netdev == netdev))))
            .Where(x => x.Pf is not null)
            .DistinctBy(x => x.Pf!.Address)
            .ToList();
        if (carrying.Count == 0)
        {
            yield return new StepFinding(
                Id,
                FindingSeverity.Ok,
                Title,
                routes.Count == 0 ? "no default route" : $"via {string.Join(", ", routes)}: not on an Intel SR-IOV PF");
            yield break;
        }

        foreach (var (route, pf) in carrying)
        {
            var planned = pf!.Address == settings.PfAddress;
            yield return new StepFinding(
                $"{Id}.{pf.Address}",
                FindingSeverity.Warning,
                Title,
                $"the default route goes through {route}{(route == pf.Netdev ? "" : $" over {pf.Netdev}")}, PF {pf.Address}{(planned ? ", the planned PF" : "")}",
                "Writing sriov_numvfs makes the PF driver reset the NIC: its link drops for seconds, and a remote session (SSH, this dashboard) over it can hang or drop.",
                planned
                    ? "Create the VFs on another PF, or be ready to lose the session for a few seconds (keep an out-of-band console such as the BMC open)."
                    : "Keep it in mind if you plan VFs on this PF: create them from an out-of-band console.");
        }
    }

    private static List<string> DefaultRouteInterfaces(ISysfs sysfs)
    {
        // /proc/net/route: Iface Destination Gateway Flags RefCnt Use Metric Mask ...; the default route has destination and mask 0.
        var ipv4 = (TryRead(sysfs, "/proc/net/route") ?? "").Split('\n').Skip(1)
            .Select(line => line.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 8 && fields[1] == "00000000" && fields[7] == "00000000")
            .Select(fields => fields[0]);

        // /proc/net/ipv6_route: destination, prefix length, ..., interface last; ::/0 is the default (lo carries the unreachable ones).
        var ipv6 = (TryRead(sysfs, "/proc/net/ipv6_route") ?? "").Split('\n')
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 10 && fields[0] == new string('0', 32) && fields[1] == "00" && fields[^1] != "lo")
            .Select(fields => fields[^1]);
        return ipv4.Concat(ipv6).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The interface and every interface below it: bridge ports (brif/) and lower devices (lower_*) of bonds, VLANs, macvlans.</summary>
    private static IEnumerable<string> LowerInterfaces(ISysfs sysfs, string netdev, int depth)
    {
        yield return netdev;
        if (depth == MaxStackDepth)
        {
            yield break;
        }

        var lower = sysfs.List($"/sys/class/net/{netdev}/brif")
            .Concat(sysfs.List($"/sys/class/net/{netdev}").Where(n => n.StartsWith("lower_", StringComparison.Ordinal)).Select(n => n["lower_".Length..]));
        foreach (var below in lower)
        {
            foreach (var name in LowerInterfaces(sysfs, below, depth + 1))
            {
                yield return name;
            }
        }
    }
}
