using System.Globalization;
using VirtSriov.Core.Processes;

namespace VirtSriov.Core.Testpmd;

/// <summary>A process whose command line carries a run's testpmd prefix (testpmd, or the <c>timeout</c> around it).</summary>
public sealed record LeftoverProcess(int Pid, Guid RunId, string CommandLine);

/// <summary>
/// Finds and stops the testpmd processes runs left behind, through a lab's process seam (so over SSH for a remote
/// lab): <c>pgrep</c> reads <c>/proc/*/cmdline</c>, <c>kill</c> sends SIGINT (testpmd prints its totals and exits),
/// then SIGKILL to what still runs after the grace period.
/// </summary>
public static class LeftoverTestpmd
{
    /// <summary>As long as a run's own stop waits: on a loaded host testpmd needs seconds to print its totals and free its memory.</summary>
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static async Task<IReadOnlyList<LeftoverProcess>> FindAsync(IProcessRunner processes, CancellationToken cancellationToken)
    {
        var result = await processes.RunAsync("pgrep", ["-a", "-f", "--", TestpmdFilePrefix.ProcessPattern], cancellationToken).ConfigureAwait(false);
        var found = new List<LeftoverProcess>();
        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0
                && int.TryParse(line.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && TestpmdFilePrefix.RunOf(line[(space + 1)..]) is { } runId)
            {
                found.Add(new LeftoverProcess(pid, runId, line[(space + 1)..]));
            }
        }

        return found;
    }

    /// <summary>SIGINT, then SIGKILL after <see cref="GracePeriod"/>; returns the processes that needed SIGKILL.</summary>
    public static async Task<IReadOnlyList<int>> StopAsync(IProcessRunner processes, IReadOnlyList<int> pids, TimeProvider time, CancellationToken cancellationToken)
    {
        if (pids.Count == 0)
        {
            return [];
        }

        await SignalAsync(processes, "INT", pids, cancellationToken).ConfigureAwait(false);
        var deadline = time.GetUtcNow() + GracePeriod;
        var running = await RunningAsync(processes, pids, cancellationToken).ConfigureAwait(false);
        while (running.Count > 0 && time.GetUtcNow() < deadline)
        {
            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
            running = await RunningAsync(processes, running, cancellationToken).ConfigureAwait(false);
        }

        await SignalAsync(processes, "KILL", running, cancellationToken).ConfigureAwait(false);
        return running;
    }

    private static async Task SignalAsync(IProcessRunner processes, string signal, IReadOnlyList<int> pids, CancellationToken cancellationToken)
    {
        if (pids.Count > 0)
        {
            // A process that ended meanwhile makes kill fail for it alone; the others still get the signal.
            await processes.RunAsync("kill", ["-s", signal, "--", .. pids.Select(Pid)], cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<IReadOnlyList<int>> RunningAsync(IProcessRunner processes, IReadOnlyList<int> pids, CancellationToken cancellationToken)
    {
        var running = new List<int>();
        foreach (var pid in pids)
        {
            var probe = await processes.RunAsync("kill", ["-0", Pid(pid)], cancellationToken).ConfigureAwait(false);
            if (probe.Succeeded && !await IsZombieAsync(processes, pid, cancellationToken).ConfigureAwait(false))
            {
                running.Add(pid);
            }
        }

        return running;
    }

    /// <summary>An ended process its parent has not reaped yet still answers kill -0; it no longer runs.</summary>
    private static async Task<bool> IsZombieAsync(IProcessRunner processes, int pid, CancellationToken cancellationToken)
    {
        var state = await processes.RunAsync("ps", ["-o", "stat=", "-p", Pid(pid)], cancellationToken).ConfigureAwait(false);
        return state.StandardOutput.TrimStart().StartsWith('Z');
    }

    private static string Pid(int pid) => pid.ToString(CultureInfo.InvariantCulture);
}
