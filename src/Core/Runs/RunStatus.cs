namespace VirtSriov.Core.Runs;

public enum RunStatus
{
    /// <summary>The wizard is open on this run; steps are inspected, planned and applied one by one.</summary>
    Active,
    Succeeded,
    Failed,
    Cancelled,
    /// <summary>The process stopped while the run was active; it can be resumed.</summary>
    Interrupted,
}
