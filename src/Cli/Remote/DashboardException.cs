namespace VirtSriov.Cli.Remote;

/// <summary>A refusal from the dashboard, read from its ProblemDetails, with the exit code it maps to.</summary>
public sealed class DashboardException : Exception
{
    public DashboardException(int exitCode, string message, string? fix = null, Exception? inner = null)
        : base(message, inner)
    {
        ExitCode = exitCode;
        Fix = fix;
    }

    public DashboardException()
        : this(ExitCodes.Failed, "The dashboard refused the call.")
    {
    }

    public DashboardException(string message)
        : this(ExitCodes.Failed, message)
    {
    }

    public DashboardException(string message, Exception innerException)
        : this(ExitCodes.Failed, message, inner: innerException)
    {
    }

    public int ExitCode { get; }

    public string? Fix { get; }
}
