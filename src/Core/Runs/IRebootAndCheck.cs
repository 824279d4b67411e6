using VirtSriov.Core.Host.Persistence;

namespace VirtSriov.Core.Runs;

/// <summary>"Reboot host and check" of a run (see <see cref="RebootAndCheck"/>).</summary>
public interface IRebootAndCheck
{
    /// <summary>What rebooting the run's host interrupts, for the operator to confirm.</summary>
    Task<string> InterruptionsAsync(Guid runId, CancellationToken cancellationToken);

    /// <summary>Reboots the host (only when <paramref name="confirmed"/>), waits for it and compares its VFs with the recorded ones.</summary>
    Task<RebootCheckReport> RunAsync(Guid runId, bool confirmed, CancellationToken cancellationToken);
}
