using Microsoft.Extensions.Options;
using VirtSriov.Core;
using VirtSriov.Core.Host.Remote;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Labs.Emulated;
using VirtSriov.Core.Steps;

namespace VirtSriov.Web.EmulatedLab;

/// <summary>
/// The emulated lab as a remote hypervisor for the wizard: boots the guest on demand, registers it once as the host lab
/// "Emulated hardware (QEMU igb + vIOMMU)" with its qemu+ssh URI, and powers it off when asked or when the dashboard stops.
/// </summary>
public sealed class EmulatedHypervisorHost : IEmulatedHypervisor, IHostedService, IDisposable
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(8);

    private readonly ILabStore _labs;
    private readonly LabEnvironmentCache _environments;
    private readonly Lazy<EmulatedHypervisor?> _guest;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SshKeyStore _keys;
    private readonly EmulatedLabRunner _runner;

    public EmulatedHypervisorHost(EmulatedLabRunner runner, ILabStore labs, LabEnvironmentCache environments, SshKeyStore keys, IOptions<VirtSriovOptions> core, TimeProvider time)
    {
        _labs = labs;
        _environments = environments;
        _keys = keys;
        _runner = runner;
        _guest = new(() => runner.ScriptsDirectory() is { } scripts
            ? new EmulatedHypervisor(scripts, runner.CacheDirectory(), Path.Combine(core.Value.DataDirectory, "emulated-hypervisor"), keys, time)
            : null);
    }

    public bool IsRunning => _guest.Value?.IsRunning == true;

    /// <exception cref="ActionableException">The lab cannot run here, or the guest did not become ready.</exception>
    public async Task<LabDefinition> StartAsync(CancellationToken cancellationToken)
    {
        if (_guest.Value is not { } guest)
        {
            throw new ActionableException(
                "scripts/emulated-lab was not found above the dashboard's folder, so the emulated lab cannot boot.",
                $"Set {EmulatedLabOptions.Section}:ScriptsDirectory to the repository's scripts/emulated-lab, and prepare the lab: {EmulatedLabRunner.PrepareCommand}.");
        }

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

            await guest.StartAsync(BootTimeout, cancellationToken).ConfigureAwait(false);
            await DefineWorkerAsync(guest, lab, cancellationToken).ConfigureAwait(false);
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

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        if (_guest.IsValueCreated)
        {
            _guest.Value?.Dispose();
        }

        _gate.Dispose();
    }
}
