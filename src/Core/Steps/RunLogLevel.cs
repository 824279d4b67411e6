namespace VirtSriov.Core.Steps;

public enum RunLogLevel
{
    Info,
    Warning,
    Error,
    /// <summary>A command or API call the step made (arguments shown, secrets redacted).</summary>
    Command,
    /// <summary>Raw output of a process the step runs (testpmd, kcli).</summary>
    Output,
}
