namespace VirtSriov.Core.Host.Remote;

/// <summary>
/// An argument list as one POSIX shell command line. SSH has no argument vector: the remote login shell parses the
/// command text, so every argument is single-quoted and nothing in it is ever interpreted.
/// </summary>
public static class ShellQuote
{
    public static string Join(string file, IReadOnlyList<string> arguments) =>
        string.Join(' ', arguments.Prepend(file).Select(Quote));

    public static string Quote(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        if (argument.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A command argument cannot contain a NUL character.", nameof(argument));
        }

        return "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
