using System.Globalization;
using VirtSriov.Core.Libvirt.Agent;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Testpmd;

/// <summary>
/// The worker testpmd's test time: started at its first statistics block, and when it has run out, SIGINT through the
/// guest agent to the process guest-exec started (timeout, which run-unprivileged execs, passes the signal on to
/// testpmd, which prints its totals).
/// </summary>
internal sealed class ForwardingClock(GuestAgent agent, long pid, TimeSpan duration, IStepLog log, TimeProvider time) : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private Task _stop = Task.CompletedTask;

    public bool Started { get; private set; }

    /// <summary>The uid testpmd ran as, read when it started forwarding (null when unread).</summary>
    public int? Uid { get; private set; }

    public void Start(int? uid)
    {
        Started = true;
        Uid = uid;
        _stop = StopAfterDurationAsync(_cancel.Token);
    }

    /// <summary>testpmd has ended: a SIGINT not yet sent is not needed; one that failed is reported.</summary>
    public async Task StopAsync()
    {
        await _cancel.CancelAsync().ConfigureAwait(false);
        try
        {
            await _stop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose()
    {
        _cancel.Cancel();
        _cancel.Dispose();
    }

    private async Task StopAfterDurationAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(duration, time, cancellationToken).ConfigureAwait(false);
        var target = pid.ToString(CultureInfo.InvariantCulture);
        log.Write(RunLogLevel.Command, $"guest-exec in {agent.Domain}: kill -INT {target}");
        await agent.ExecAsync("/bin/kill", ["-INT", target], cancellationToken).ConfigureAwait(false);
    }
}
