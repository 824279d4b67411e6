namespace VirtSriov.Core.Runs;

/// <summary>
/// The outcome of tearing a run down, kept beside its <see cref="RunStatus"/>: a succeeded run that was torn down
/// stays a succeeded run in the history ("Succeeded, torn down").
/// </summary>
public enum RunTeardown
{
    /// <summary>Everything the run created was removed again, last step first.</summary>
    TornDown,

    /// <summary>A step's teardown failed; what the earlier ones removed stays removed. Tear down again once fixed.</summary>
    Failed,
}
