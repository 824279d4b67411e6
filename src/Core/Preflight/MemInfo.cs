using System.Globalization;

namespace VirtSriov.Core.Preflight;

/// <summary>Reads /proc/meminfo values.</summary>
internal static class MemInfo
{
    public const double KibPerGib = 1024 * 1024;

    /// <summary>The value of <paramref name="key"/> in KiB (e.g. <c>MemAvailable</c>), or null when absent.</summary>
    public static long? Kib(string meminfo, string key) =>
        meminfo.Split('\n')
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2 && parts[0] == key)
            .Select(parts => long.TryParse(parts[1].Replace("kB", "", StringComparison.Ordinal).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var kib) ? kib : (long?)null)
            .FirstOrDefault();

    public static string Gib(long kib) => (kib / KibPerGib).ToString("0.0", CultureInfo.InvariantCulture) + " GiB";
}
