using System.Text.RegularExpressions;

namespace VirtSriov.Core.Testpmd;

/// <summary>
/// testpmd's <c>--file-prefix</c> names the run it belongs to, so a testpmd left running by an interrupted run can be
/// found in the process list and traced back to that run.
/// </summary>
public static partial class TestpmdFilePrefix
{
    private const string Start = "virtsriov-";

    /// <summary>The prefix of a testpmd started for <paramref name="runId"/>.</summary>
    public static string ForRun(Guid runId) => Start + runId.ToString("N");

    /// <summary>A prefix for a testpmd outside any run.</summary>
    public static string Unowned() => Start + Guid.NewGuid().ToString("N")[..12];

    /// <summary>
    /// A pgrep pattern for command lines with a run's prefix. The bracket keeps it from matching the command line of
    /// a shell that runs pgrep with it (over SSH).
    /// </summary>
    public static string ProcessPattern => "--file-prefix=" + Start + "[0-9a-f]{32}";

    /// <summary>The run a command line's <c>--file-prefix</c> names, or null.</summary>
    public static Guid? RunOf(string commandLine) =>
        RunPrefix().Match(commandLine) is { Success: true } match ? Guid.ParseExact(match.Groups[1].Value, "N") : null;

    [GeneratedRegex(@"--file-prefix=virtsriov-([0-9a-f]{32})(?![0-9a-f])", RegexOptions.CultureInvariant)]
    private static partial Regex RunPrefix();
}
