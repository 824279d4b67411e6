using System.Globalization;
using CsCheck;

namespace VirtSriov.Core.Tests.Properties;

/// <summary>
/// How many generated cases each property runs: its share of 10⁵ in the test run, times
/// <c>VIRTSRIOV_PROPERTY_SCALE</c> (10 in <c>scripts/bench.sh --properties</c> for 10⁶).
/// </summary>
internal static class PropertyCases
{
    public const string ScaleVariable = "VIRTSRIOV_PROPERTY_SCALE";

    public static long Of(long share) =>
        share * (int.TryParse(Environment.GetEnvironmentVariable(ScaleVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var scale) && scale > 0 ? scale : 1);

    /// <summary>Text a careless or hostile client might type where a number or name belongs.</summary>
    public static Gen<string> Awkward { get; } = Gen.OneOf(
        Gen.OneOf<string>(
            "", " ", "-1", "0", "+1", "1e9", "1.5", "0x", "0x1f", "0xffffffffff", "99999999999999999999999999999",
            "9223372036854775807", "-9223372036854775808", "2147483648", "NaN", "∞", "١٢", "\t7\n", "1,000", "'", "\"", "<", "&amp;", "]]>", "\0"),
        Gen.Long.Select(l => l.ToString(CultureInfo.InvariantCulture)),
        Gen.Int.Select(i => "0x" + i.ToString("x", CultureInfo.InvariantCulture)),
        Gen.String[0, 12]);

    /// <summary><paramref name="text"/> with up to four random edits: replaced, deleted, duplicated or inserted characters and tokens.</summary>
    public static Gen<string> Mutated(string text) =>
        Gen.Int[1, 4].SelectMany(count => Edit.Array[count]).Select(edits => edits.Aggregate(text, (current, edit) => edit(current)));

    private static Gen<Func<string, string>> Edit { get; } = Gen.OneOf(
        Gen.Select(Gen.Double[0, 1], Gen.Char, (at, c) => (Func<string, string>)(s => s.Length == 0 ? c.ToString() : s.Remove(Index(s, at), 1).Insert(Index(s, at), c.ToString()))),
        Gen.Select(Gen.Double[0, 1], Gen.Int[1, 8], (at, length) => (Func<string, string>)(s => s.Length == 0 ? s : s.Remove(Index(s, at), Math.Min(length, s.Length - Index(s, at))))),
        Gen.Select(Gen.Double[0, 1], Gen.Int[1, 40], (at, length) => (Func<string, string>)(s => s.Length == 0 ? s : s.Insert(Index(s, at), s.Substring(Index(s, at), Math.Min(length, s.Length - Index(s, at)))))),
        Gen.Select(Gen.Double[0, 1], Awkward, (at, token) => (Func<string, string>)(s => s.Insert(s.Length == 0 ? 0 : Index(s, at), token))));

    private static int Index(string s, double at) => Math.Min(s.Length - 1, (int)(at * s.Length));
}
