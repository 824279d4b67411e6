using System.Globalization;

namespace VirtSriov.Core.Libvirt;

/// <summary>libvirt's and the kernel's CPU list syntax: <c>0-7,16-23</c>, with libvirt's <c>^3</c> exclusions.</summary>
public static class CpuSet
{
    /// <exception cref="FormatException">A part is not a number or a range.</exception>
    public static IReadOnlySet<int> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var included = new SortedSet<int>();
        var excluded = new HashSet<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var exclude = part.StartsWith('^');
            var range = exclude ? part[1..] : part;
            var dash = range.IndexOf('-', StringComparison.Ordinal);
            var first = Number(dash < 0 ? range : range[..dash], text);
            var last = dash < 0 ? first : Number(range[(dash + 1)..], text);
            for (var cpu = first; cpu <= last; cpu++)
            {
                (exclude ? (ISet<int>)excluded : included).Add(cpu);
            }
        }

        included.ExceptWith(excluded);
        return included;
    }

    private static int Number(string text, string whole) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"'{whole}' is not a CPU list (expected e.g. 0-7,16-23).");
}
