using VirtSriov.Core.Libvirt;

namespace VirtSriov.Core.Tests.Libvirt;

/// <summary>Passes every call to a real hypervisor; test doubles override the one call they change.</summary>
internal abstract class PassThroughHypervisor(IHypervisor inner) : IHypervisor
{
    public string Uri => inner.Uri;

    public Task<Version> GetLibraryVersionAsync(CancellationToken cancellationToken) => inner.GetLibraryVersionAsync(cancellationToken);

    public Task<IReadOnlyList<string>> ListDomainNamesAsync(CancellationToken cancellationToken) => inner.ListDomainNamesAsync(cancellationToken);

    public Task<string> GetDomainXmlAsync(string name, bool inactive, CancellationToken cancellationToken) => inner.GetDomainXmlAsync(name, inactive, cancellationToken);

    public Task DefineDomainAsync(string xml, CancellationToken cancellationToken) => inner.DefineDomainAsync(xml, cancellationToken);

    public Task UndefineAsync(string name, bool removeNvram, CancellationToken cancellationToken) => inner.UndefineAsync(name, removeNvram, cancellationToken);

    public Task<bool> IsRunningAsync(string name, CancellationToken cancellationToken) => inner.IsRunningAsync(name, cancellationToken);

    public virtual Task StartAsync(string name, CancellationToken cancellationToken) => inner.StartAsync(name, cancellationToken);

    public virtual Task ShutdownAsync(string name, TimeSpan timeout, bool destroyAfterTimeout, CancellationToken cancellationToken) =>
        inner.ShutdownAsync(name, timeout, destroyAfterTimeout, cancellationToken);
}
