using System.Runtime.CompilerServices;
using System.Xml;
using System.Xml.Linq;
using VirtSriov.Core.Libvirt.Agent;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Libvirt;

/// <summary>
/// <see cref="IHypervisor"/> over one <see cref="LibvirtConnection"/>, opened once and shared: calls are serialised
/// (one at a time) and run off the caller's thread, each native call and its error read on the same thread. A remote
/// connection whose transport is lost (its qemu+ssh session ended) fails the call that saw it, naming the cause, and the
/// next call opens a new one, as the SSH transport does.
/// </summary>
public sealed class LibvirtHypervisor : IHypervisor, IGuestAgentChannel, IDisposable
{
    private static readonly TimeSpan ShutdownPollInterval = TimeSpan.FromSeconds(1);

    private readonly TimeProvider time;
    private readonly bool readOnly;
    private readonly SemaphoreSlim gate = new(1, 1);
    private LibvirtConnection? connection;

    /// <summary>Takes ownership of <paramref name="connection"/>; a lost one is reopened with <paramref name="readOnly"/>.</summary>
    public LibvirtHypervisor(LibvirtConnection connection, TimeProvider time, bool readOnly = false)
    {
        ArgumentNullException.ThrowIfNull(connection);
        this.connection = connection;
        this.time = time;
        this.readOnly = readOnly;
        Uri = connection.Uri;
    }

    public string Uri { get; }

    /// <exception cref="ActionableException">An unsupported URI scheme (field <c>LibvirtUri</c>), or libvirt.so.0 is missing.</exception>
    /// <exception cref="LibvirtException">libvirt refused the connection.</exception>
    public static LibvirtHypervisor Open(string uri, TimeProvider time, bool readOnly = false) => new(LibvirtConnection.Open(uri, readOnly), time, readOnly);

    public Task<Version> GetLibraryVersionAsync(CancellationToken cancellationToken) =>
        RunAsync(c => c.GetLibraryVersion(), cancellationToken);

    public Task<Version> GetHypervisorVersionAsync(CancellationToken cancellationToken) =>
        RunAsync(c => c.GetHypervisorVersion(), cancellationToken);

    public Task<HostCapabilities> GetHostCapabilitiesAsync(CancellationToken cancellationToken) =>
        RunAsync(c => HostCapabilities.Parse(c.GetCapabilitiesXml()), cancellationToken);

    /// <summary>What the default emulator offers (Intel vIOMMU, firmware files).</summary>
    /// <exception cref="LibvirtException">The driver cannot tell (the test driver: <see cref="LibvirtException.NoSupport"/>).</exception>
    public Task<DomainCapabilities> GetDomainCapabilitiesAsync(CancellationToken cancellationToken) =>
        RunAsync(c => DomainCapabilities.Parse(c.GetDomainCapabilitiesXml()), cancellationToken);

    /// <summary>Every PCI device of the host with its IOMMU group, NUMA node and SR-IOV role.</summary>
    public Task<IReadOnlyList<PciDeviceInfo>> ListPciDevicesAsync(CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<PciDeviceInfo>>(
            c => c.ListNodeDeviceNames(pciOnly: true).Select(name =>
            {
                using var device = c.LookupNodeDevice(name);
                return PciDeviceInfo.Parse(device.GetXml());
            }).ToList(),
            cancellationToken);

    /// <summary>Binds a host device to <paramref name="driverName"/> (null: vfio) so it can be passed through.</summary>
    public Task DetachNodeDeviceAsync(string name, string? driverName, CancellationToken cancellationToken) =>
        RunAsync(c => { using var device = c.LookupNodeDevice(name); device.Detach(driverName); return true; }, cancellationToken);

    /// <summary>Gives a detached host device back to its host driver.</summary>
    public Task ReattachNodeDeviceAsync(string name, CancellationToken cancellationToken) =>
        RunAsync(c => { using var device = c.LookupNodeDevice(name); device.ReAttach(); return true; }, cancellationToken);

    /// <summary>
    /// Polls every domain's state each <paramref name="interval"/> (on the injected <see cref="TimeProvider"/>) and yields
    /// what changed: first every domain with no previous state, then starts, stops, definitions and undefinitions.
    /// Polling, not libvirt's event loop: it needs no event thread and works the same over every driver.
    /// </summary>
    public async IAsyncEnumerable<DomainStateChange> WatchStatesAsync(TimeSpan interval, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        IReadOnlyDictionary<string, DomainState> previous = new Dictionary<string, DomainState>(StringComparer.Ordinal);
        while (true)
        {
            var current = await RunAsync(c => c.ListDomainStates(), cancellationToken).ConfigureAwait(false);
            foreach (var change in Changes(previous, current, time.GetUtcNow()))
            {
                yield return change;
            }

            previous = current;
            await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<IReadOnlyList<string>> ListDomainNamesAsync(CancellationToken cancellationToken) =>
        RunAsync(c => c.ListDomainNames(), cancellationToken);

    public Task<string> GetDomainXmlAsync(string name, bool inactive, CancellationToken cancellationToken) =>
        OnDomainAsync(name, d => d.GetXml(inactive), cancellationToken);

    /// <exception cref="ActionableException">The XML is not well-formed or has no name; libvirt is not called.</exception>
    public Task DefineDomainAsync(string xml, CancellationToken cancellationToken)
    {
        RefuseMalformed(xml);
        return RunAsync(c => { using var _ = c.DefineDomain(xml); return true; }, cancellationToken);
    }

    public Task<bool> IsRunningAsync(string name, CancellationToken cancellationToken) =>
        OnDomainAsync(name, d => IsActive(d.GetState()), cancellationToken);

    public Task StartAsync(string name, CancellationToken cancellationToken) =>
        OnDomainAsync(name, d => { d.Start(); return true; }, cancellationToken);

    public Task<DomainState> GetStateAsync(string name, CancellationToken cancellationToken) =>
        OnDomainAsync(name, d => d.GetState(), cancellationToken);

    /// <summary>One guest agent command (see <see cref="GuestAgent"/>); it holds the connection for at most <paramref name="timeout"/>.</summary>
    public Task<string> SendAgentCommandAsync(string domain, string command, TimeSpan timeout, CancellationToken cancellationToken) =>
        OnDomainAsync(domain, d => d.SendAgentCommand(command, Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds))), cancellationToken);

    public Task UndefineAsync(string name, bool removeNvram, CancellationToken cancellationToken) =>
        OnDomainAsync(name, d => { if (removeNvram) { d.UndefineWithNvram(); } else { d.Undefine(); } return true; }, cancellationToken);

    public async Task ShutdownAsync(string name, TimeSpan timeout, bool destroyAfterTimeout, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timeout;
        var requested = await OnDomainAsync(
            name,
            d =>
            {
                if (!IsActive(d.GetState()))
                {
                    return false;
                }

                Stop(d, static domain => domain.Shutdown());
                return true;
            },
            cancellationToken).ConfigureAwait(false);
        if (!requested)
        {
            return;
        }

        while (IsActive(await GetStateAsync(name, cancellationToken).ConfigureAwait(false)))
        {
            if (time.GetUtcNow() >= deadline)
            {
                if (!destroyAfterTimeout)
                {
                    throw new ActionableException(
                        $"Domain '{name}' did not shut down within {timeout.TotalSeconds:0} s.",
                        $"Stop the VM from inside the guest, or force it off with: virsh -c {Uri} destroy {name}; then apply again.",
                        failedCall: $"virDomainShutdown(\"{name}\")");
                }

                await OnDomainAsync(name, d => { Stop(d, static domain => domain.Destroy()); return true; }, cancellationToken).ConfigureAwait(false);
                return;
            }

            await Task.Delay(ShutdownPollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        connection?.Dispose();
        gate.Dispose();
    }

    /// <summary>
    /// A guest that powers itself off between the state check and the call makes libvirt refuse it ("domain is not
    /// running": VIR_ERR_OPERATION_INVALID from the QEMU driver, an internal error from the test driver); a domain that
    /// is off afterwards is the state asked for, not a failure.
    /// </summary>
    internal static void Stop(LibvirtDomain domain, Action<LibvirtDomain> stop)
    {
        try
        {
            stop(domain);
        }
        catch (LibvirtException) when (!IsActive(domain.GetState()))
        {
        }
    }

    private static bool IsActive(DomainState state) =>
        state is DomainState.Running or DomainState.Blocked or DomainState.Paused or DomainState.ShuttingDown or DomainState.PmSuspended;

    private static IEnumerable<DomainStateChange> Changes(IReadOnlyDictionary<string, DomainState> previous, IReadOnlyDictionary<string, DomainState> current, DateTimeOffset now)
    {
        foreach (var (name, state) in current.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            var known = previous.TryGetValue(name, out var before);
            if (!known || before != state)
            {
                yield return new DomainStateChange(name, known ? before : null, state, now);
            }
        }

        foreach (var (name, state) in previous.Where(d => !current.ContainsKey(d.Key)).OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            yield return new DomainStateChange(name, state, null, now);
        }
    }

    private void RefuseMalformed(string xml)
    {
        string? name;
        try
        {
            name = XDocument.Parse(xml).Root is { Name.LocalName: "domain" } root ? root.Element("name")?.Value : null;
        }
        catch (XmlException e)
        {
            throw new ActionableException(
                $"The domain XML is not well-formed ({e.Message}); nothing was defined on {Uri}.",
                "Fix the XML (virt-xml-validate FILE domain) or start again from: virsh dumpxml --inactive NAME.",
                failedCall: "virDomainDefineXML",
                inner: e);
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ActionableException(
                $"The XML is not a libvirt domain with a <name>; nothing was defined on {Uri}.",
                "Pass a whole domain definition (virsh dumpxml --inactive NAME).",
                failedCall: "virDomainDefineXML");
        }
    }

    private async Task<T> OnDomainAsync<T>(string name, Func<LibvirtDomain, T> call, CancellationToken cancellationToken)
    {
        try
        {
            return await RunAsync(
                c =>
                {
                    using var domain = c.LookupDomain(name);
                    return call(domain);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (LibvirtException e) when (e.Code == LibvirtException.NoDomain && e.Call.StartsWith("virDomainLookupByName", StringComparison.Ordinal))
        {
            throw new ActionableException(
                $"There is no domain '{name}' on {Uri}.",
                $"Check the name with: virsh -c {Uri} list --all; then correct the worker names (Workers).",
                failedCall: e.Call,
                field: nameof(RunSettings.Workers),
                inner: e);
        }
    }

    private async Task<T> RunAsync<T>(Func<LibvirtConnection, T> call, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(() => Call(call), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Inside the gate: the call on the open connection (a new one after a loss); a loss closes it and names the cause.</summary>
    private T Call<T>(Func<LibvirtConnection, T> call)
    {
        var current = connection ??= LibvirtConnection.Open(Uri, readOnly);
        try
        {
            return call(current);
        }
        catch (LibvirtException e) when (!current.IsAlive)
        {
            current.Dispose();
            connection = null;
            throw new ActionableException(
                $"The libvirt connection to {Uri} was lost during {e.Call}: {e.LibvirtMessage}",
                "Check that the host is still up and reachable and that libvirtd runs there; then try again (the next call opens a new connection).",
                e.Call,
                inner: e);
        }
    }
}
