using VirtSriov.Core.Libvirt;

namespace VirtSriov.TestDoubles;

/// <summary>
/// A hypervisor with a chosen URI, libvirt version and domains (name → XML, running or not); read-only. An
/// <see cref="Unreachable"/> one throws on every call, as the CLI's unconnected hypervisor does.
/// </summary>
public sealed class FakeHypervisor(string uri = FakeHypervisor.DefaultUri, Version? version = null, IReadOnlyDictionary<string, (string Xml, bool Running)>? domains = null) : IHypervisor
{
    public const string DefaultUri = "test:///default";

    private readonly IReadOnlyDictionary<string, (string Xml, bool Running)> domains = domains ?? new Dictionary<string, (string, bool)>();
    private readonly Version version = version ?? new Version(9, 0, 0);
    private bool reachable = true;

    public string Uri => uri;

    /// <summary>No libvirt connection at <paramref name="uri"/>: every call throws InvalidOperationException.</summary>
    public static FakeHypervisor Unreachable(string uri) => new(uri) { reachable = false };

    /// <summary>Running domains with the given XML.</summary>
    public static FakeHypervisor Running(IReadOnlyDictionary<string, string> domainXml) =>
        new(domains: domainXml.ToDictionary(d => d.Key, d => (d.Value, true)));

    /// <summary>Running domains of 16 GiB with PCI hostdevs at the given host addresses, as the Worker VMs step leaves them.</summary>
    public static FakeHypervisor WithHostdevs(IReadOnlyDictionary<string, IReadOnlyList<string>> hostdevsByDomain, string uri = DefaultUri, Version? version = null) =>
        new(uri, version, hostdevsByDomain.ToDictionary(d => d.Key, d => (Domain(d.Key, 16, [.. d.Value]), true)));

    public Task<Version> GetLibraryVersionAsync(CancellationToken cancellationToken) => Task.FromResult(reachable ? version : throw NotConnected());

    public Task<IReadOnlyList<string>> ListDomainNamesAsync(CancellationToken cancellationToken) =>
        reachable ? Task.FromResult<IReadOnlyList<string>>(domains.Keys.Order(StringComparer.Ordinal).ToList()) : throw NotConnected();

    public Task<string> GetDomainXmlAsync(string name, bool inactive, CancellationToken cancellationToken) =>
        reachable ? Task.FromResult(domains[name].Xml) : throw NotConnected();

    public Task<bool> IsRunningAsync(string name, CancellationToken cancellationToken) =>
        reachable ? Task.FromResult(domains[name].Running) : throw NotConnected();

    public Task DefineDomainAsync(string xml, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task StartAsync(string name, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task UndefineAsync(string name, bool removeNvram, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task ShutdownAsync(string name, TimeSpan timeout, bool destroyAfterTimeout, CancellationToken cancellationToken) => throw new NotSupportedException();

    /// <summary>A minimal domain with <paramref name="memoryGib"/> of RAM and managed vfio PCI hostdevs at the given host addresses.</summary>
    public static string Domain(string name, int memoryGib, params string[] hostdevs) =>
        $"""
        <domain type='kvm'>
          <name>{name}</name>
          <memory unit='GiB'>{memoryGib}</memory>
          <devices>
            {string.Join("\n    ", hostdevs.Select(Hostdev))}
          </devices>
        </domain>
        """;

    /// <summary><c>0000:3b:02.1</c> → a managed vfio hostdev with that source address.</summary>
    private static string Hostdev(string address)
    {
        var parts = address.Split(':', '.');
        return $"<hostdev mode='subsystem' type='pci' managed='yes'><driver name='vfio'/><source><address domain='0x{parts[0]}' bus='0x{parts[1]}' slot='0x{parts[2]}' function='0x{parts[3]}'/></source></hostdev>";
    }

    private static InvalidOperationException NotConnected() => new("no libvirt connection (test)");
}
