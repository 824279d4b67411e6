using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using VirtSriov.Core.Host.Remote;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Labs.Emulated;

/// <summary>
/// The emulated lab as a remote hypervisor: boots the QEMU guest (emulated igb SR-IOV NIC behind an emulated Intel
/// IOMMU: the hardware is SIMULATED, the kernel, sshd and libvirtd are real) with scripts/emulated-lab/hypervisor.sh,
/// waits until its sshd and libvirtd are up, and powers it off when asked. Its state is in <paramref name="folder"/>
/// (the guest's job folder, its loopback SSH port, chosen once and kept); its keys are its own (mode 0600): the guest's
/// host key (the same every boot, so known_hosts stays valid) and the key the dashboard signs in with
/// (<see cref="SshKeyStore.HostKeyPath"/>). SSH is forwarded from 127.0.0.1 only.
/// </summary>
public sealed class EmulatedHypervisor(string scriptsDirectory, string labCache, string folder, SshKeyStore keys, TimeProvider time) : IHostPowerCycle, IDisposable
{
    public const string LabName = "Emulated hardware (QEMU igb + vIOMMU)";

    /// <summary>How long a boot may take before <see cref="PowerCycleAsync"/> gives up (TCG on a busy machine).</summary>
    public static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(8);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(2);
    private readonly Lock _gate = new();
    private Process? _guest;

    /// <summary>True while the guest's QEMU runs.</summary>
    public bool IsRunning => HasLiveGuest(_guest);

    /// <summary>Where the dashboard reaches the guest: root on a loopback port chosen once and kept.</summary>
    public SshTarget Target => new("root", "127.0.0.1", Port());

    /// <summary>The libvirt URI of the lab that drives the guest.</summary>
    public string LibvirtUri => $"qemu+ssh://root@127.0.0.1:{Target.Port.ToString(CultureInfo.InvariantCulture)}/system";

    /// <summary>Boots the guest unless it runs, and returns once sshd and libvirtd answer in it.</summary>
    /// <exception cref="ActionableException">The lab is not prepared, or the guest stopped or timed out before it was ready.</exception>
    public async Task StartAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var job = Path.Combine(folder, "guest");
        var port = Target.Port;
        await PrepareKeysAsync(job, cancellationToken).ConfigureAwait(false);
        var state = Path.Combine(job, "state");
        lock (_gate)
        {
            if (!IsRunning)
            {
                File.Delete(state);
                string[] arguments =
                [
                    $"VIRTSRIOV_LAB_SSH_PORT={port.ToString(CultureInfo.InvariantCulture)}", $"VIRTSRIOV_LAB_CACHE={labCache}",
                    "VIRTSRIOV_LAB_TIMEOUT=86400", "bash", Path.Combine(scriptsDirectory, "run.sh"), job, "--",
                    "bash", Path.Combine(scriptsDirectory, "hypervisor.sh"), Path.Combine(labCache, "kernel"),
                ];
                _guest?.Dispose();
                _guest = ProcessRunner.Start("env", arguments);
                _guest.StandardInput.Close();
                _ = _guest.StandardOutput.ReadToEndAsync(CancellationToken.None);
                _ = _guest.StandardError.ReadToEndAsync(CancellationToken.None);
            }
        }

        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            while (!(File.Exists(state) && (await File.ReadAllTextAsync(state, linked.Token).ConfigureAwait(false)).Trim() == "ready"))
            {
                if (!IsRunning)
                {
                    throw NotReady(job, $"the guest stopped before it was ready{(File.Exists(state) ? $" ({File.ReadAllText(state).Trim()})" : "")}");
                }

                await Task.Delay(PollInterval, time, linked.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw NotReady(job, $"the guest was not ready within {timeout.TotalSeconds:0} s");
        }
    }

    /// <summary>Asks the guest to power off (a marker written over SSH) and waits; kills QEMU if it does not stop in time.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var guest = _guest;
        if (guest is null || !HasLiveGuest(guest))
        {
            return;
        }

        try
        {
            using var connection = new SshConnection(Target, await keys.GetAsync(Target, cancellationToken).ConfigureAwait(false));
            await new SshProcessRunner(connection).RunAsync("touch", ["/run/virtsriov-stop"], cancellationToken).ConfigureAwait(false);
            await guest.WaitForExitAsync(cancellationToken).WaitAsync(StopTimeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ActionableException or TimeoutException)
        {
            guest.Kill(entireProcessTree: true);
            await guest.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public bool Handles(LabDefinition lab) => lab is not null && lab.LibvirtUri == LibvirtUri;

    /// <summary>Powers the guest off (cleanly, asked over SSH) and boots it again: what survives is its persistent folder, as a disk would.</summary>
    public async Task PowerCycleAsync(LabDefinition lab, CancellationToken cancellationToken)
    {
        await StopAsync(cancellationToken).ConfigureAwait(false);
        await StartAsync(BootTimeout, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (HasLiveGuest(_guest))
        {
            _guest!.Kill(entireProcessTree: true);
        }

        _guest?.Dispose();
        _guest = null;
    }

    // A Process whose start failed or that was disposed answers HasExited with InvalidOperationException.
    private static bool HasLiveGuest(Process? guest)
    {
        try
        {
            return guest is { HasExited: false };
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private int Port()
    {
        var file = Path.Combine(folder, "ssh-port");
        if (File.Exists(file) && int.TryParse(File.ReadAllText(file), CultureInfo.InvariantCulture, out var kept))
        {
            return kept;
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, port.ToString(CultureInfo.InvariantCulture));
        return port;
    }

    /// <summary>The guest's host key (kept across boots and trusted in known_hosts) and the dashboard's key for the guest.</summary>
    private async Task PrepareKeysAsync(string job, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(job, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var hostKey = await keys.EnsureKeyAsync(Path.Combine(job, "host_ed25519"), cancellationToken).ConfigureAwait(false);
        var clientKey = await keys.EnsureKeyAsync(keys.HostKeyPath(Target), cancellationToken).ConfigureAwait(false);
        var authorized = Path.Combine(job, "authorized_keys");
        File.Copy(clientKey + ".pub", authorized, overwrite: true);
        File.SetUnixFileMode(authorized, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var fields = (await File.ReadAllTextAsync(hostKey + ".pub", cancellationToken).ConfigureAwait(false)).Split(' ');
        new KnownHosts(keys.KnownHostsPath).Trust(Target, fields[0], Convert.FromBase64String(fields[1]));
    }

    private static ActionableException NotReady(string job, string why) =>
        new(
            $"The emulated lab could not start as a hypervisor: {why}.",
            $"Read the guest's console in {Path.Combine(job, "console.log")}; check that the lab is prepared (sudo bash scripts/install-prereqs.sh --lab).",
            failedCall: "scripts/emulated-lab/run.sh … hypervisor.sh");
}
