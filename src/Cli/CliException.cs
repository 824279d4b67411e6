namespace VirtSriov.Cli;

/// <summary>A refusal (from the dashboard's ProblemDetails or the local engine) with the exit code it maps to.</summary>
public sealed class CliException : Exception
{
    public CliException(int exitCode, string message, string? fix = null, Exception? inner = null)
        : base(message, inner)
    {
        ExitCode = exitCode;
        Fix = fix;
    }

    public CliException()
        : this(ExitCodes.Failed, "The call was refused.")
    {
    }

    public CliException(string message)
        : this(ExitCodes.Failed, message)
    {
    }

    public CliException(string message, Exception innerException)
        : this(ExitCodes.Failed, message, inner: innerException)
    {
    }

    public int ExitCode { get; }

    public string? Fix { get; }
}
