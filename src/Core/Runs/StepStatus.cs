namespace VirtSriov.Core.Runs;

public enum StepStatus
{
    Pending,
    Inspected,
    Planned,
    Applying,
    Succeeded,
    Failed,
    Cancelled,
    Interrupted,

    /// <summary>Its teardown removed what its Apply made.</summary>
    TornDown,
}
