namespace VirtSriov.Core.Processes;

/// <summary>How a command the product runs (as an argument list, never through a shell) is shown to the operator.</summary>
public static class CommandLine
{
    /// <summary>The command as a shell would need it typed: arguments with spaces or quotes are single-quoted.</summary>
    public static string Format(string file, IEnumerable<string> arguments) =>
        string.Join(' ', new[] { file }.Concat(arguments).Select(Quote));

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=,@%+".Contains(c))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
