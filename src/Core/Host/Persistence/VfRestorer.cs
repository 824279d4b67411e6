using VirtSriov.Core.Labs;
using VirtSriov.Core.Host;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Host.Persistence;

/// <summary>
/// What <c>virtsriov vfs-restore</c> does at boot: for each PF of the restore configuration, waits until its driver
/// has probed it, then plans and applies the Virtual functions step with the stored settings. A PF that fails is
/// logged and the others are still restored.
/// </summary>
public sealed class VfRestorer(TimeProvider time)
{
    /// <summary>How long a PF may take to appear with its driver after boot (udev coldplug, firmware load).</summary>
    public TimeSpan PfWait { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Restores every PF; returns the PF addresses that failed (empty on success).</summary>
    public async Task<IReadOnlyList<string>> RestoreAsync(ILabEnvironment lab, VfRestoreConfig config, IStepLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(log);
        var failed = new List<string>();
        foreach (var settings in config.Functions)
        {
            try
            {
                await WaitForPfAsync(lab.Sysfs, settings.PfAddress, cancellationToken).ConfigureAwait(false);
                var step = new VirtualFunctionsStep();
                // At boot the unit and its configuration are already in place: replay the VFs only.
                var context = new StepContext(Guid.NewGuid(), settings with { PersistAcrossReboot = false }, lab, log, time);
                var plan = await step.PlanAsync(context, cancellationToken).ConfigureAwait(false);
                var outcome = await step.ApplyAsync(context, plan, cancellationToken).ConfigureAwait(false);
                log.Info($"{settings.PfAddress}: {outcome.Summary}");
            }
            catch (ActionableException e)
            {
                log.Error($"{settings.PfAddress}: {e.Message} Fix: {e.Fix}");
                failed.Add(settings.PfAddress);
            }
        }

        return failed;
    }

    private async Task WaitForPfAsync(ISysfs sysfs, string pfAddress, CancellationToken cancellationToken)
    {
        var device = SysfsPaths.Device(pfAddress);
        var deadline = time.GetUtcNow() + PfWait;
        while (!(sysfs.Exists($"{device}/sriov_totalvfs") && sysfs.ReadLink($"{device}/driver") is not null))
        {
            if (time.GetUtcNow() >= deadline)
            {
                throw new ActionableException(
                    $"PF {pfAddress} did not appear with a driver within {PfWait.TotalSeconds:0} s after boot.",
                    $"Check that the NIC is still in this slot (lspci -s {pfAddress}) and that its driver loads (dmesg); then plan the Virtual functions step again.",
                    failedCall: $"wait for {device}/driver");
            }

            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
