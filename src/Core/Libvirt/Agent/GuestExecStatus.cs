namespace VirtSriov.Core.Libvirt.Agent;

/// <summary>A program the agent started: whether it ended, and how (an exit code, or the signal that killed it).</summary>
public sealed record GuestExecStatus(bool Exited, int? ExitCode, int? Signal)
{
    /// <summary>In an engineer's words: "exit code 0", "killed by signal 4 (SIGILL)", "still running".</summary>
    public string Describe() => this switch
    {
        { Exited: false } => "still running",
        { Signal: { } signal } => $"killed by signal {signal}{SignalName(signal)}",
        { ExitCode: { } code } => $"exit code {code}",
        _ => "ended",
    };

    private static string SignalName(int signal) => signal switch
    {
        2 => " (SIGINT)",
        4 => " (SIGILL: the worker's CPU model lacks instructions the program was built for)",
        6 => " (SIGABRT)",
        9 => " (SIGKILL)",
        11 => " (SIGSEGV)",
        15 => " (SIGTERM)",
        _ => "",
    };
}
