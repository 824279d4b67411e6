namespace VirtSriov.Core.Host;

/// <summary>An <c>ip</c> command that exited non-zero: its arguments, exit code and iproute2's message.</summary>
public sealed class IpCommandException : Exception
{
    public IpCommandException(IReadOnlyList<string> arguments, int exitCode, string error)
        : base($"ip {string.Join(' ', arguments)} failed ({exitCode}): {error.Trim()}")
    {
        Arguments = arguments;
        ExitCode = exitCode;
        Error = error.Trim();
    }

    public IpCommandException()
        : this([], 1, "")
    {
    }

    public IpCommandException(string message)
        : this(message, new InvalidOperationException(message))
    {
    }

    public IpCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
        Arguments = [];
        Error = message;
        ExitCode = 1;
    }

    public IReadOnlyList<string> Arguments { get; }

    public int ExitCode { get; }

    /// <summary>iproute2's message, e.g. <c>RTNETLINK answers: Invalid argument</c>.</summary>
    public string Error { get; }

    /// <summary>The kernel refused for lack of privilege (EPERM from netlink).</summary>
    public bool IsPermissionDenied => Error.Contains("Operation not permitted", StringComparison.Ordinal);
}
