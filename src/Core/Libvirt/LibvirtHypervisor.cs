using VirtSriov.Core.Runs;

namespace VirtSriov.Core.Libvirt;

/// <summary>
/// <see cref="IHypervisor"/> over one <see cref="LibvirtConnection"/>, opened once and shared: calls are serialised
/// (one at a time) and run off the caller's thread, each native call and its error read on the same thread.
/// </summary>
public sealed class LibvirtHypervisor : IHypervisor, IDisposable
{
    private static readonly TimeSpan ShutdownPollInterval = TimeSpan.FromSeconds(1);

    private readonly LibvirtConnection connection;
    private readonly TimeProvider time;
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>Takes ownership of <paramref name="connection"/>.</summary>
    public LibvirtHypervisor(LibvirtConnection connection, TimeProvider time)
    {
        this.connection = connection;
        this.time = time;
    }

    public string Uri => connection.Uri;

    public static LibvirtHypervisor Open(string uri, TimeProvider time) => new(LibvirtConnection.Open(uri), time);

    public Task<Version> GetLibraryVersionAsync(CancellationToken cancellationToken) =>
        RunAsync(c => c.GetLibraryVersion(), cancellationToken);

    public Task<IReadOnlyList<string>> ListDomainNamesAsync(CancellationToken cancellationToken) =>
        RunAsync(c => c.ListDomainNames(), cancellationToken);

    public Task<string> GetDomainXmlAsync(string name, bool inactive, CancellationToken cancellationToken) =>
        OnDomainAsync(name, d => d.GetXml(inactive), cancellationToken);

    public Task DefineDomainAsync(string xml, CancellationToken cancellationToken) =>
        RunAsync(c => { using var _ = c.DefineDomain(xml); return true; }, cancellationToken);

    public Task<bool> IsRunningAsync(string name, CancellationToken cancellationToken) =>
        OnDomainAsync(name, d => IsActive(d.GetState()), cancellationToken);

    public Task StartAsync(string name, CancellationToken cancellationToken) =>
        OnDomainAsync(name, d => { d.Start(); return true; }, cancellationToken);

    public Task<DomainState> GetStateAsync(string name, CancellationToken cancellationToken) =>
        OnDomainAsync(name, d => d.GetState(), cancellationToken);

    /// <summary>Removes the persistent definition (a running domain keeps running until it stops).</summary>
    public Task UndefineAsync(string name, CancellationToken cancellationToken) =>
        OnDomainAsync(name, d => { d.Undefine(); return true; }, cancellationToken);

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

                d.Shutdown();
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

                await OnDomainAsync(name, d => { d.Destroy(); return true; }, cancellationToken).ConfigureAwait(false);
                return;
            }

            await Task.Delay(ShutdownPollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        connection.Dispose();
        gate.Dispose();
    }

    private static bool IsActive(DomainState state) =>
        state is DomainState.Running or DomainState.Blocked or DomainState.Paused or DomainState.ShuttingDown or DomainState.PmSuspended;

    private Task<T> OnDomainAsync<T>(string name, Func<LibvirtDomain, T> call, CancellationToken cancellationToken) =>
        RunAsync(
            c =>
            {
                using var domain = c.LookupDomain(name);
                return call(domain);
            },
            cancellationToken);

    private async Task<T> RunAsync<T>(Func<LibvirtConnection, T> call, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(() => call(connection), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }
}
