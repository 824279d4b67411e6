namespace VirtSriov.Core.Steps;

/// <summary>
/// A failure the operator can act on: what went wrong, the call that failed (secrets redacted) and what to do.
/// Steps throw it; the engine records it on the step and keeps the run resumable.
/// </summary>
public sealed class ActionableException : Exception
{
    public ActionableException(string message, string fix, string? failedCall = null, string? field = null, Exception? inner = null)
        : base(message, inner)
    {
        Fix = fix;
        FailedCall = failedCall;
        Field = field;
    }

    public ActionableException()
        : this("Operation failed.", "See the log.")
    {
    }

    public ActionableException(string message)
        : this(message, "See the log.")
    {
    }

    public ActionableException(string message, Exception innerException)
        : this(message, "See the log.", inner: innerException)
    {
    }

    /// <summary>What to do about it.</summary>
    public string Fix { get; }

    /// <summary>The command or API call that failed, e.g. <c>write /sys/…/sriov_numvfs "4"</c>.</summary>
    public string? FailedCall { get; }

    /// <summary>The settings field at fault, when the error is about input (e.g. <c>VfCount</c>).</summary>
    public string? Field { get; }
}
