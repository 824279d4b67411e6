namespace VirtSriov.Core.Labs.Changes;

/// <summary>Which program runs change a host (and so go in the change journal) and which only read it.</summary>
public static class ChangingCommands
{
    private static readonly HashSet<string> ReadingSystemctlVerbs = ["status", "show", "is-active", "is-enabled", "is-failed", "cat", "list-units", "list-unit-files"];
    private static readonly HashSet<string> ReadingKcliVerbs = ["list", "info", "show", "version", "-v", "--version"];
    private static readonly HashSet<string> ChangingIpVerbs = ["set", "add", "del", "delete", "change", "replace"];

    public static bool Changes(string file, IReadOnlyList<string> arguments) =>
        Path.GetFileName(file) switch
        {
            "ip" => arguments.Any(ChangingIpVerbs.Contains),
            "systemctl" => FirstVerb(arguments) is { } verb && !ReadingSystemctlVerbs.Contains(verb),
            "kcli" => FirstVerb(arguments) is { } verb && !ReadingKcliVerbs.Contains(verb),
            "kill" => !arguments.Contains("-0"),
            "modprobe" => !arguments.Contains("--dry-run") && !arguments.Contains("-n"),
            _ => false,
        };

    private static string? FirstVerb(IReadOnlyList<string> arguments) => arguments.FirstOrDefault(a => !a.StartsWith('-'));
}
