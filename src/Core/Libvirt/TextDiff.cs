using System.Globalization;
using System.Text;

namespace VirtSriov.Core.Libvirt;

/// <summary>A line-based unified diff (like <c>diff -u</c>), for showing a planned XML change.</summary>
public static class TextDiff
{
    private const int Context = 3;

    /// <summary>The unified diff of two texts; empty when they are equal.</summary>
    public static string Unified(string oldText, string newText, string oldName, string newName)
    {
        var a = Lines(oldText);
        var b = Lines(newText);
        var edits = Edits(a, b);
        if (edits.All(e => e.Kind == ' '))
        {
            return "";
        }

        var output = new StringBuilder().Append("--- ").Append(oldName).Append('\n').Append("+++ ").Append(newName).Append('\n');
        foreach (var (start, end) in Hunks(edits))
        {
            var oldStart = edits[start].OldLine;
            var newStart = edits[start].NewLine;
            var oldCount = edits.Skip(start).Take(end - start).Count(e => e.Kind != '+');
            var newCount = edits.Skip(start).Take(end - start).Count(e => e.Kind != '-');
            output.Append(CultureInfo.InvariantCulture, $"@@ -{oldStart + (oldCount == 0 ? 0 : 1)},{oldCount} +{newStart + (newCount == 0 ? 0 : 1)},{newCount} @@\n");
            for (var i = start; i < end; i++)
            {
                output.Append(edits[i].Kind).Append(edits[i].Text).Append('\n');
            }
        }

        return output.ToString();
    }

    private static string[] Lines(string text) =>
        text.Length == 0 ? [] : text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');

    /// <summary>Longest-common-subsequence edit script; domain XMLs are a few hundred lines, so O(n·m) is fine.</summary>
    private static List<Edit> Edits(string[] a, string[] b)
    {
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var edits = new List<Edit>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                edits.Add(new Edit(' ', a[x], x, y));
                x++;
                y++;
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                edits.Add(new Edit('+', b[y], x, y));
                y++;
            }
            else
            {
                edits.Add(new Edit('-', a[x], x, y));
                x++;
            }
        }

        return edits;
    }

    /// <summary>Ranges of the edit script around changes, with context, merged when they touch.</summary>
    private static List<(int Start, int End)> Hunks(List<Edit> edits)
    {
        var hunks = new List<(int Start, int End)>();
        for (var i = 0; i < edits.Count; i++)
        {
            if (edits[i].Kind == ' ')
            {
                continue;
            }

            var start = Math.Max(0, i - Context);
            var end = Math.Min(edits.Count, i + Context + 1);
            if (hunks.Count > 0 && start <= hunks[^1].End)
            {
                hunks[^1] = (hunks[^1].Start, end);
            }
            else
            {
                hunks.Add((start, end));
            }
        }

        return hunks;
    }

    private sealed record Edit(char Kind, string Text, int OldLine, int NewLine);
}
