namespace VirtSriov.Core.Libvirt;

/// <summary>The CLI's hypervisor seam: no libvirt connection. Every call says so (InvalidOperationException, which steps report as a warning).</summary>
public sealed class UnconnectedHypervisor : IHypervisor
{
    public const string NoUri = "none:///";

    public string Uri => NoUri;

    public Task<Version> GetLibraryVersionAsync(CancellationToken cancellationToken) => throw NotConnected();

    public Task<IReadOnlyList<string>> ListDomainNamesAsync(CancellationToken cancellationToken) => throw NotConnected();

    public Task<string> GetDomainXmlAsync(string name, bool inactive, CancellationToken cancellationToken) => throw NotConnected();

    public Task DefineDomainAsync(string xml, CancellationToken cancellationToken) => throw NotConnected();

    public Task UndefineAsync(string name, bool removeNvram, CancellationToken cancellationToken) => throw NotConnected();

    public Task<bool> IsRunningAsync(string name, CancellationToken cancellationToken) => throw NotConnected();

    public Task StartAsync(string name, CancellationToken cancellationToken) => throw NotConnected();

    public Task ShutdownAsync(string name, TimeSpan timeout, bool destroyAfterTimeout, CancellationToken cancellationToken) => throw NotConnected();

    private static InvalidOperationException NotConnected() =>
        new("The virtsriov CLI works on the host's sysfs only and has no libvirt connection; use the dashboard for domain operations.");
}
