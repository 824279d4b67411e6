using VirtSriov.Core.Libvirt;

namespace VirtSriov.Core.Tests.Preflight.Support;

/// <summary>
/// A hypervisor with a chosen URI, version and domains (name → XML, running or not); with no version it is
/// unreachable and every call throws as the CLI's unconnected hypervisor does.
/// </summary>
public sealed class PreflightTestHypervisor(string uri, Version? version, IReadOnlyDictionary<string, (string Xml, bool Running)>? domains = null) : IHypervisor
{
    private readonly IReadOnlyDictionary<string, (string Xml, bool Running)> domains = domains ?? new Dictionary<string, (string, bool)>();

    public string Uri => uri;

    public Task<Version> GetLibraryVersionAsync(CancellationToken cancellationToken) => Task.FromResult(version ?? throw NotConnected());

    public Task<IReadOnlyList<string>> ListDomainNamesAsync(CancellationToken cancellationToken) =>
        version is null ? throw NotConnected() : Task.FromResult<IReadOnlyList<string>>(domains.Keys.Order(StringComparer.Ordinal).ToList());

    public Task<string> GetDomainXmlAsync(string name, bool inactive, CancellationToken cancellationToken) =>
        version is null ? throw NotConnected() : Task.FromResult(domains[name].Xml);

    public Task<bool> IsRunningAsync(string name, CancellationToken cancellationToken) =>
        version is null ? throw NotConnected() : Task.FromResult(domains[name].Running);

    public Task DefineDomainAsync(string xml, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task StartAsync(string name, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task ShutdownAsync(string name, TimeSpan timeout, bool destroyAfterTimeout, CancellationToken cancellationToken) => throw new NotSupportedException();

    /// <summary>A minimal domain with <paramref name="memoryGib"/> of RAM and PCI hostdevs at the given host addresses.</summary>
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

    private static string Hostdev(string address)
    {
        var parts = address.Split(':', '.');
        return $"<hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x{parts[0]}' bus='0x{parts[1]}' slot='0x{parts[2]}' function='0x{parts[3]}'/></source></hostdev>";
    }

    private static InvalidOperationException NotConnected() => new("no libvirt connection (test)");
}
