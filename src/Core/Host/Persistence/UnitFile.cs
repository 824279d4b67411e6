namespace VirtSriov.Core.Host.Persistence;

/// <summary>Reads the parts of a systemd unit file that enabling it needs.</summary>
internal static class UnitFile
{
    /// <summary>The targets of <c>WantedBy=</c> in the [Install] section (space-separated, repeatable).</summary>
    public static IReadOnlyList<string> WantedBy(string unitText)
    {
        var section = "";
        var targets = new List<string>();
        foreach (var line in unitText.Split('\n').Select(l => l.Trim()))
        {
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                section = line;
            }
            else if (section == "[Install]" && line.StartsWith("WantedBy=", StringComparison.Ordinal))
            {
                targets.AddRange(line["WantedBy=".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
        }

        return targets;
    }
}
