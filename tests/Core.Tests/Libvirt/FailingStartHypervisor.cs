using VirtSriov.Core.Libvirt;

namespace VirtSriov.Core.Tests.Libvirt;

/// <summary>Passes everything to a real hypervisor but refuses to start one domain once, like QEMU failing on a VF.</summary>
internal sealed class FailingStartHypervisor(IHypervisor inner, string failingDomain) : IHypervisor
{
    private int failures;

    public string Uri => inner.Uri;

    public Task<Version> GetLibraryVersionAsync(CancellationToken cancellationToken) => inner.GetLibraryVersionAsync(cancellationToken);

    public Task<IReadOnlyList<string>> ListDomainNamesAsync(CancellationToken cancellationToken) => inner.ListDomainNamesAsync(cancellationToken);

    public Task<string> GetDomainXmlAsync(string name, bool inactive, CancellationToken cancellationToken) => inner.GetDomainXmlAsync(name, inactive, cancellationToken);

    public Task DefineDomainAsync(string xml, CancellationToken cancellationToken) => inner.DefineDomainAsync(xml, cancellationToken);

    public Task<bool> IsRunningAsync(string name, CancellationToken cancellationToken) => inner.IsRunningAsync(name, cancellationToken);

    public Task StartAsync(string name, CancellationToken cancellationToken) =>
        name == failingDomain && Interlocked.Increment(ref failures) == 1
            ? throw new LibvirtException($"virDomainCreate({name})", 1, 10, "internal error: qemu unexpectedly closed the monitor: VFIO_MAP_DMA failed: Cannot allocate memory")
            : inner.StartAsync(name, cancellationToken);

    public Task ShutdownAsync(string name, TimeSpan timeout, bool destroyAfterTimeout, CancellationToken cancellationToken) =>
        inner.ShutdownAsync(name, timeout, destroyAfterTimeout, cancellationToken);
}
