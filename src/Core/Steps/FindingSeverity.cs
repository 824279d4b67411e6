namespace VirtSriov.Core.Steps;

public enum FindingSeverity
{
    Ok,
    Info,
    Warning,
    /// <summary>Blocks Apply until fixed.</summary>
    Error,
}
