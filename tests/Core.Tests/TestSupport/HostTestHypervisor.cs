using VirtSriov.Core.Libvirt;

namespace VirtSriov.Core.Tests.TestSupport;

/// <summary>A hypervisor that only answers domain names and XML from a dictionary.</summary>
public sealed class HostTestHypervisor(IReadOnlyDictionary<string, string> domainXml) : IHypervisor
{
    public string Uri => "test:///host-tests";

    public Task<Version> GetLibraryVersionAsync(CancellationToken cancellationToken) => Task.FromResult(new Version(9, 0, 0));

    public Task<IReadOnlyList<string>> ListDomainNamesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(domainXml.Keys.Order(StringComparer.Ordinal).ToList());

    public Task<string> GetDomainXmlAsync(string name, bool inactive, CancellationToken cancellationToken) =>
        Task.FromResult(domainXml[name]);

    public Task DefineDomainAsync(string xml, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> IsRunningAsync(string name, CancellationToken cancellationToken) => Task.FromResult(domainXml.ContainsKey(name));

    public Task StartAsync(string name, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task ShutdownAsync(string name, TimeSpan timeout, bool destroyAfterTimeout, CancellationToken cancellationToken) =>
        throw new NotSupportedException();
}
