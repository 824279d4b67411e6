using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Runs;

namespace VirtSriov.Core.Tests.Libvirt;

/// <summary>
/// Passes everything to a real hypervisor, but its guests ignore the graceful shutdown request: without consent to
/// destroy, ShutdownAsync fails as <see cref="LibvirtHypervisor"/> does at the timeout; with it, the domain is forced off.
/// </summary>
internal sealed class StubbornShutdownHypervisor(IHypervisor inner) : IHypervisor
{
    public List<bool> DestroyConsents { get; } = [];

    public string Uri => inner.Uri;

    public Task<Version> GetLibraryVersionAsync(CancellationToken cancellationToken) => inner.GetLibraryVersionAsync(cancellationToken);

    public Task<IReadOnlyList<string>> ListDomainNamesAsync(CancellationToken cancellationToken) => inner.ListDomainNamesAsync(cancellationToken);

    public Task<string> GetDomainXmlAsync(string name, bool inactive, CancellationToken cancellationToken) => inner.GetDomainXmlAsync(name, inactive, cancellationToken);

    public Task DefineDomainAsync(string xml, CancellationToken cancellationToken) => inner.DefineDomainAsync(xml, cancellationToken);

    public Task<bool> IsRunningAsync(string name, CancellationToken cancellationToken) => inner.IsRunningAsync(name, cancellationToken);

    public Task StartAsync(string name, CancellationToken cancellationToken) => inner.StartAsync(name, cancellationToken);

    public Task ShutdownAsync(string name, TimeSpan timeout, bool destroyAfterTimeout, CancellationToken cancellationToken)
    {
        DestroyConsents.Add(destroyAfterTimeout);
        return destroyAfterTimeout
            ? inner.ShutdownAsync(name, timeout, destroyAfterTimeout, cancellationToken)
            : throw new ActionableException(
                $"Domain '{name}' did not shut down within {timeout.TotalSeconds:0} s.",
                $"Stop the VM from inside the guest, or force it off with: virsh -c {Uri} destroy {name}; then apply again.",
                failedCall: $"virDomainShutdown(\"{name}\")");
    }
}
