using Microsoft.Extensions.Logging;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Testpmd;

namespace VirtSriov.Core.Runs;

/// <summary>
/// When a lab's seams open (at dashboard start, or a host lab's first use): stops the testpmd processes that runs
/// which are no longer active left on that lab's machine, and says so in each run's log.
/// </summary>
public sealed partial class LeftoverTestpmdRecovery(IRunStore runs, RunEventPublisher events, TimeProvider time, ILogger<LeftoverTestpmdRecovery> logger) : ILabEnvironmentOpened
{
    public async Task OnOpenedAsync(ILabEnvironment environment, CancellationToken cancellationToken)
    {
        try
        {
            await StopLeftoversAsync(environment, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(environment.Lab.Name, e);
        }
    }

    public async Task StopLeftoversAsync(ILabEnvironment environment, CancellationToken cancellationToken)
    {
        var processes = environment.Processes;
        var found = await LeftoverTestpmd.FindAsync(processes, cancellationToken).ConfigureAwait(false);
        foreach (var group in found.GroupBy(p => p.RunId))
        {
            // A run still active in this dashboard owns its testpmd (another lab may share this machine).
            if (await runs.GetAsync(group.Key, cancellationToken).ConfigureAwait(false) is not { Status: not RunStatus.Active })
            {
                continue;
            }

            var pids = group.Select(p => p.Pid).ToList();
            var killed = await LeftoverTestpmd.StopAsync(processes, pids, time, cancellationToken).ConfigureAwait(false);
            var how = killed.Count == 0 ? "SIGINT" : $"SIGINT, then SIGKILL for {string.Join(", ", killed)} still running after {LeftoverTestpmd.GracePeriod.TotalSeconds:0} s";
            await events.OpenAsync(group.Key, cancellationToken).ConfigureAwait(false);
            events.Publish(group.Key, RunEventKind.Log, null,
                $"Stopped dpdk-testpmd left running by this run when the dashboard stopped, on lab '{environment.Lab.Name}' (process {string.Join(", ", pids)}; {how}).",
                RunLogLevel.Warning);
            LogStopped(group.Key, environment.Lab.Name, string.Join(", ", pids));
        }

        await events.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look for testpmd left by interrupted runs on lab {Lab}")]
    private partial void LogFailed(string lab, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopped testpmd left by run {RunId} on lab {Lab}: processes {Pids}")]
    private partial void LogStopped(Guid runId, string lab, string pids);
}
