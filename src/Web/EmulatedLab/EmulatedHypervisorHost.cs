using Microsoft.Extensions.Options;
using VirtSriov.Core;
using VirtSriov.Core.Host.Remote;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Labs.Emulated;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;

namespace VirtSriov.Web.EmulatedLab;

/// <summary>
/// The emulated lab as a remote hypervisor for the wizard: boots the guest on demand, registers it once as the host lab
/// "Emulated hardware (QEMU igb + vIOMMU)" with its qemu+ssh URI, power-cycles it for "Reboot host and check", and
/// powers it off when asked, after <see cref="EmulatedLabOptions.IdlePowerOffMinutes"/> without an active run on it,
/// or when the dashboard stops.
/// </summary>
public sealed partial class EmulatedHypervisorHost : IEmulatedHypervisor, IHostPowerCycle, IHostedService, IDisposable
{
    private static readonly TimeSpan IdleCheckInterval = TimeSpan.FromMinutes(1);

    private readonly ILabStore _labs;
    private readonly IRunStore _runs;
    private readonly LabEnvironmentCache _environments;
    private readonly TimeProvider _time;
    private readonly ILogger<EmulatedHypervisorHost> _logger;
    private readonly Lazy<EmulatedHypervisor?> _guest;
    private readonly IdlePowerOff _idle;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SshKeyStore _keys;
    private readonly EmulatedLabRunner _runner;
    private readonly CancellationTokenSource _stopping = new();
    private Task _idleLoop = Task.CompletedTask;
    private bool _disposed;

    public EmulatedHypervisorHost(
        EmulatedLabRunner runner,
        ILabStore labs,
        IRunStore runs,
        LabEnvironmentCache environments,
        SshKeyStore keys,
        IOptions<VirtSriovOptions> core,
        IOptions<EmulatedLabOptions> options,
        TimeProvider time,
        ILogger<EmulatedHypervisorHost> logger)
    {
        _labs = labs;
        _runs = runs;
        _environments = environments;
        _keys = keys;
        _runner = runner;
        _time = time;
        _logger = logger;
        _idle = new IdlePowerOff(time, TimeSpan.FromMinutes(Math.Max(1, options.Value.IdlePowerOffMinutes)));
        _guest = new(() => runner.ScriptsDirectory() is { } scripts
            ? new EmulatedHypervisor(scripts, runner.CacheDirectory(), Path.Combine(core.Value.DataDirectory, "emulated-hypervisor"), keys, time)
            : null);
    }

    public bool IsRunning => _guest.Value?.IsRunning == true;

    /// <exception cref="ActionableException">The lab cannot run here, or the guest did not become ready.</exception>
    public async Task<LabDefinition> StartAsync(CancellationToken cancellationToken)
    {
        var guest = Guest();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var labs = await _labs.ListAsync(cancellationToken).ConfigureAwait(false);
            var lab = labs.FirstOrDefault(l => l.LibvirtUri == guest.LibvirtUri)
                ?? await _labs.AddAsync(EmulatedHypervisor.LabName, LabKind.Host, "/", guest.LibvirtUri, cancellationToken).ConfigureAwait(false);
            if (!guest.IsRunning)
            {
                // A connection to a previous boot is dead; the next use opens a fresh one.
                await _environments.EvictAsync(lab.Id).ConfigureAwait(false);
            }

            await guest.StartAsync(EmulatedHypervisor.BootTimeout, cancellationToken).ConfigureAwait(false);
            await DefineWorkerAsync(guest, lab, cancellationToken).ConfigureAwait(false);
            _idle.MarkUsed();
            return lab;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The lab's kcli-shaped worker domain, through the same qemu+ssh libvirt connection the wizard's steps use.</summary>
    private async Task DefineWorkerAsync(EmulatedHypervisor guest, LabDefinition lab, CancellationToken cancellationToken)
    {
        var environment = await _environments.GetAsync(lab, cancellationToken).ConfigureAwait(false);
        using var ssh = new SshConnection(guest.Target, await _keys.GetAsync(guest.Target, cancellationToken).ConfigureAwait(false));
        await new EmulatedLabWorker(_runner.CacheDirectory(), _runner.ScriptsDirectory()!).EnsureDefinedAsync(ssh, environment.Hypervisor, initrd: null, cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_guest.IsValueCreated && _guest.Value is { } guest)
        {
            await guest.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public bool Handles(LabDefinition lab) => _guest.Value?.Handles(lab) == true;

    public async Task PowerCycleAsync(LabDefinition lab, CancellationToken cancellationToken)
    {
        await Guest().PowerCycleAsync(lab, cancellationToken).ConfigureAwait(false);
        _idle.MarkUsed();
    }

    Task IHostedService.StartAsync(CancellationToken cancellationToken)
    {
        _idleLoop = PowerOffWhenIdleAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    async Task IHostedService.StopAsync(CancellationToken cancellationToken)
    {
        // A test host may dispose its services before it stops them.
        if (_disposed)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _idleLoop.ConfigureAwait(false);
        await StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        // Registered as itself and as a hosted service: the container disposes it once per registration.
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_guest.IsValueCreated)
        {
            _guest.Value?.Dispose();
        }

        _stopping.Cancel();
        _stopping.Dispose();
        _gate.Dispose();
    }

    private EmulatedHypervisor Guest() =>
        _guest.Value ?? throw new ActionableException(
            "scripts/emulated-lab was not found above the dashboard's folder, so the emulated lab cannot boot.",
            $"Set {EmulatedLabOptions.Section}:ScriptsDirectory to the repository's scripts/emulated-lab, and prepare the lab: {EmulatedLabRunner.PrepareCommand}.");

    private async Task PowerOffWhenIdleAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(IdleCheckInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!_guest.IsValueCreated || _guest.Value is not { IsRunning: true } guest)
                {
                    continue;
                }

                var lab = (await _labs.ListAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(l => l.LibvirtUri == guest.LibvirtUri);
                var inUse = lab is not null && await _runs.FindActiveRunAsync(lab.Id, cancellationToken).ConfigureAwait(false) is not null;
                if (_idle.ShouldPowerOff(inUse))
                {
                    LogIdlePowerOff(_idle.IdleTimeout.TotalMinutes);
                    await StopAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The dashboard stops.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The emulated hypervisor had no active run for {Minutes} minutes: powering it off.")]
    private partial void LogIdlePowerOff(double minutes);
}
