using System.Text.RegularExpressions;

namespace VirtSriov.Core.Host.Simulation;

/// <summary>
/// Abstracts a sysfs link target so that two machines can be compared: leading <c>../</c> dropped, PCI addresses
/// become <c>&lt;pci&gt;</c>, host bridges <c>&lt;pcibus&gt;</c>, numbers <c>&lt;n&gt;</c>, driver names <c>&lt;driver&gt;</c>.
/// <c>../../../kernel/iommu_groups/5</c> → <c>kernel/iommu_groups/&lt;n&gt;</c>.
/// </summary>
public static partial class SysfsLinkShape
{
    public static string Of(string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var segments = target.Split('/').SkipWhile(s => s is ".." or ".").ToList();
        for (var i = 0; i < segments.Count; i++)
        {
            segments[i] = segments[i] switch
            {
                var s when PciAddress.TryParse(s, out _) => "<pci>",
                var s when HostBridge().IsMatch(s) => "<pcibus>",
                var s when s.Length > 0 && s.All(char.IsAsciiDigit) => "<n>",
                _ when i > 0 && segments[i - 1] == "drivers" => "<driver>",
                var s => s,
            };
        }

        return string.Join('/', segments);
    }

    [GeneratedRegex("^pci[0-9a-f]{4}:[0-9a-f]{2}$")]
    private static partial Regex HostBridge();
}
