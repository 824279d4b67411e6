namespace VirtSriov.Core.Runs;

/// <summary>Which runs count as interrupted when an engine starts on a history.</summary>
public enum InterruptScope
{
    /// <summary>Every active run: the dashboard was their only driver, and it stopped.</summary>
    ActiveRuns,

    /// <summary>Only runs with a step that was applying: a local CLI process ends after each command, which leaves an idle run active on purpose.</summary>
    RunsMidStep,
}
