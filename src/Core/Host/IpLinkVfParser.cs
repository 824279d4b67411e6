using System.Globalization;
using System.Text.RegularExpressions;

namespace VirtSriov.Core.Host;

/// <summary>
/// Reads the <c>vf N …</c> lines of <c>ip link show dev &lt;pf&gt;</c> (iproute2 ≥ 4.x):
/// <c>vf 0     link/ether 02:76:73:00:18:00 brd ff:ff:ff:ff:ff:ff, vlan 10, spoof checking off, link-state auto, trust on</c>.
/// Older iproute2 prints <c>vf 0 MAC 02:…</c>; both are read.
/// </summary>
public static partial class IpLinkVfParser
{
    public static IReadOnlyList<VfLinkAttributes> Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var vfs = new List<VfLinkAttributes>();
        foreach (var raw in output.Split('\n'))
        {
            var head = VfHead().Match(raw);
            if (!head.Success)
            {
                continue;
            }

            var parts = raw[(head.Index + head.Length)..].Split(',', StringSplitOptions.TrimEntries);
            var mac = Mac().Match(parts[0]);
            if (!mac.Success)
            {
                continue;
            }

            int vlan = 0;
            bool? spoofCheck = null, trust = null;
            string? linkState = null;
            foreach (var part in parts.Skip(1))
            {
                switch (part.Split(' '))
                {
                    case ["vlan", var id] when int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number):
                        vlan = number;
                        break;
                    case ["spoof", "checking", var state]:
                        spoofCheck = state == "on";
                        break;
                    case ["trust", var state]:
                        trust = state == "on";
                        break;
                    case ["link-state", var state]:
                        linkState = state;
                        break;
                }
            }

            vfs.Add(new VfLinkAttributes(
                int.Parse(head.Groups["index"].ValueSpan, CultureInfo.InvariantCulture),
                mac.Groups["mac"].Value.ToLowerInvariant(),
                vlan,
                spoofCheck,
                trust,
                linkState));
        }

        return vfs;
    }

    [GeneratedRegex(@"^\s+vf (?<index>\d+)\s+")]
    private static partial Regex VfHead();

    [GeneratedRegex(@"^(?:link/ether|MAC) (?<mac>[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5})")]
    private static partial Regex Mac();
}
