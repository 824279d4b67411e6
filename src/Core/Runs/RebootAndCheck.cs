using System.Diagnostics;
using VirtSriov.Core.Host;
using VirtSriov.Core.Host.Persistence;
using VirtSriov.Core.Host.Remote;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Runs;

/// <summary>
/// "Reboot host and check": reboots the run's hypervisor (<c>systemctl reboot</c> over SSH, or the emulated lab's
/// power cycle), waits until it answers over SSH with a new boot id, and compares its VFs with what the run's Virtual
/// functions step recorded. Only after the operator confirmed what the reboot interrupts; the report is kept as the
/// run's artifact <c>reboot-check.txt</c>.
/// </summary>
public sealed class RebootAndCheck(IRunStore runs, ILabStore labs, LabEnvironmentCache environments, IEnumerable<IHostPowerCycle> powerCycles, TimeProvider time) : IRebootAndCheck
{
    public const string ArtifactName = "reboot-check.txt";

    public TimeSpan BootTimeout { get; init; } = TimeSpan.FromMinutes(15);

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>What rebooting the run's host interrupts, for the confirmation; refuses runs and labs it cannot reboot.</summary>
    /// <exception cref="ActionableException">The run's VFs are not persisted, or its lab is not a host reached over SSH.</exception>
    public async Task<string> InterruptionsAsync(Guid runId, CancellationToken cancellationToken)
    {
        var (run, lab, _, target) = await ResolveAsync(runId, cancellationToken).ConfigureAwait(false);
        var environment = await environments.GetAsync(lab, cancellationToken).ConfigureAwait(false);
        var running = new List<string>();
        foreach (var name in await environment.Hypervisor.ListDomainNamesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await environment.Hypervisor.IsRunningAsync(name, cancellationToken).ConfigureAwait(false))
            {
                running.Add(name);
            }
        }

        var active = run.Status == RunStatus.Active ? $"this run ({run.Id}) is active" : "no run is active on it";
        return $"Rebooting {target} stops every program on it: running domains {(running.Count == 0 ? "none" : string.Join(", ", running))}; {active}; "
            + "every SSH session and libvirt connection to it drops; it is back after its boot (minutes).";
    }

    /// <summary>Reboots the host and checks the VFs; <paramref name="confirmed"/> must be true (the operator read <see cref="InterruptionsAsync"/>).</summary>
    public async Task<RebootCheckReport> RunAsync(Guid runId, bool confirmed, CancellationToken cancellationToken)
    {
        var (run, lab, recorded, target) = await ResolveAsync(runId, cancellationToken).ConfigureAwait(false);
        if (!confirmed)
        {
            throw new ActionableException(
                await InterruptionsAsync(runId, cancellationToken).ConfigureAwait(false),
                "Confirm the reboot (confirm=true in the API, or Reboot now on the run page) once nothing listed matters.",
                field: "Confirm");
        }

        var before = await BootIdAsync(lab, cancellationToken).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        if (powerCycles.FirstOrDefault(p => p.Handles(lab)) is { } powerCycle)
        {
            await environments.EvictAsync(lab.Id).ConfigureAwait(false);
            await powerCycle.PowerCycleAsync(lab, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await SystemctlRebootAsync(lab, cancellationToken).ConfigureAwait(false);
        }

        var environment = await WaitForNewBootAsync(lab, target, before, cancellationToken).ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;
        var items = await VfRestoreCheck.CheckAsync(environment, run.Settings, recorded, time, cancellationToken).ConfigureAwait(false);
        var report = new RebootCheckReport(target.ToString(), seconds, items);
        await runs.SaveArtifactsAsync(run.Id, StepKind.VirtualFunctions, [new PlanArtifact(ArtifactName, "text", report.Text())], time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return report;
    }

    private async Task<(RunRecord Run, LabDefinition Lab, VfPlan Recorded, SshTarget Target)> ResolveAsync(Guid runId, CancellationToken cancellationToken)
    {
        var run = await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw new ActionableException($"There is no run {runId}.", "GET /api/runs lists the runs.", field: "RunId");
        var lab = await labs.GetAsync(run.LabId, cancellationToken).ConfigureAwait(false)
            ?? throw new ActionableException($"The lab of run {runId} no longer exists.", "Start a run on an existing lab.", field: "LabId");
        var step = run.Step(StepKind.VirtualFunctions);
        if (step.Status != StepStatus.Succeeded || step.Plan?.Details is not VfPlan recorded)
        {
            throw new ActionableException(
                "The Virtual functions step of this run has not succeeded, so there is nothing to find again after a reboot.",
                "Apply the Virtual functions step first.",
                field: "Step");
        }

        if (!run.Settings.PersistAcrossReboot || recorded.TargetCount == 0)
        {
            throw new ActionableException(
                "This run's VFs are not kept across a reboot (\"Persist across reboot\" is off, or it plans no VFs): a reboot would only remove them.",
                "Start a run with Persist across reboot on and apply its Virtual functions step, then reboot and check.",
                field: nameof(RunSettings.PersistAcrossReboot));
        }

        if (lab.Kind != LabKind.Host || SshTarget.From(LibvirtUri.Parse(lab.LibvirtUri)) is not { } target)
        {
            throw new ActionableException(
                $"Lab '{lab.Name}' is not a hypervisor reached over SSH: rebooting it would {(lab.Kind == LabKind.Host ? "stop the dashboard itself" : "have no host to reboot")}.",
                lab.Kind == LabKind.Host ? "Reboot this machine by hand, then check the VFs with the CLI (virtsriov preflight) or a run's Virtual functions findings." : "Use a host lab (qemu+ssh://…) or the emulated hardware lab.",
                field: "LabId");
        }

        return (run, lab, recorded, target);
    }

    private async Task<string> BootIdAsync(LabDefinition lab, CancellationToken cancellationToken)
    {
        var environment = await environments.GetAsync(lab, cancellationToken).ConfigureAwait(false);
        var result = await environment.Processes.RunAsync("cat", ["/proc/sys/kernel/random/boot_id"], cancellationToken).ConfigureAwait(false);
        return result.StandardOutput.Trim();
    }

    private async Task SystemctlRebootAsync(LabDefinition lab, CancellationToken cancellationToken)
    {
        var environment = await environments.GetAsync(lab, cancellationToken).ConfigureAwait(false);
        try
        {
            // --no-block: systemctl returns before sshd stops, so the call ends with an answer, not a dropped session.
            await environment.Processes.RunAsync("systemctl", ["reboot", "--no-block"], cancellationToken).ConfigureAwait(false);
        }
        catch (ActionableException)
        {
            // The connection may drop before the answer arrives; the new boot id below is what counts.
        }

        await environments.EvictAsync(lab.Id).ConfigureAwait(false);
    }

    private async Task<ILabEnvironment> WaitForNewBootAsync(LabDefinition lab, SshTarget target, string before, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + BootTimeout;
        string last = "no answer yet";
        while (time.GetUtcNow() < deadline)
        {
            try
            {
                if (await BootIdAsync(lab, cancellationToken).ConfigureAwait(false) is { Length: > 0 } id && id != before)
                {
                    return await environments.GetAsync(lab, cancellationToken).ConfigureAwait(false);
                }

                last = "it still runs the boot from before the reboot";
                await environments.EvictAsync(lab.Id).ConfigureAwait(false);
            }
            catch (ActionableException e)
            {
                // A connection to the old boot is dead (its libvirt one too): reopen the lab on the next try.
                last = e.Message;
                await environments.EvictAsync(lab.Id).ConfigureAwait(false);
            }

            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
        }

        throw new ActionableException(
            $"{target} did not come back over SSH within {BootTimeout.TotalMinutes:0} minutes of the reboot (last: {last}).",
            "Check the host's console: it may wait in its firmware or boot loader, or its network or sshd did not come up.",
            failedCall: $"ssh {target}");
    }
}
