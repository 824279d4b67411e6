using VirtSriov.Core.Libvirt;

namespace VirtSriov.Core.Tests.Cluster;

/// <summary>Worker domains with PCI hostdevs, as the Worker VMs step leaves them; read-only.</summary>
internal sealed class ClusterHypervisorFake : IHypervisor
{
    private readonly Dictionary<string, IReadOnlyList<string>> hostdevsByDomain;

    public ClusterHypervisorFake(Dictionary<string, IReadOnlyList<string>> hostdevsByDomain) => this.hostdevsByDomain = hostdevsByDomain;

    public string Uri => "test:///default";

    public Task<Version> GetLibraryVersionAsync(CancellationToken cancellationToken) => Task.FromResult(new Version(9, 0, 0));

    public Task<IReadOnlyList<string>> ListDomainNamesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. hostdevsByDomain.Keys]);

    public Task<string> GetDomainXmlAsync(string name, bool inactive, CancellationToken cancellationToken) =>
        Task.FromResult(
            $"<domain type='kvm'><name>{name}</name><devices>"
            + string.Concat(hostdevsByDomain[name].Select(Hostdev))
            + "</devices></domain>");

    public Task DefineDomainAsync(string xml, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> IsRunningAsync(string name, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task StartAsync(string name, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task ShutdownAsync(string name, TimeSpan timeout, bool destroyAfterTimeout, CancellationToken cancellationToken) => throw new NotSupportedException();

    /// <summary><c>0000:3b:02.1</c> → a managed vfio hostdev with that source address.</summary>
    private static string Hostdev(string address)
    {
        var parts = address.Split(':', '.');
        return "<hostdev mode='subsystem' type='pci' managed='yes'><driver name='vfio'/><source>"
            + $"<address domain='0x{parts[0]}' bus='0x{parts[1]}' slot='0x{parts[2]}' function='0x{parts[3]}'/>"
            + "</source></hostdev>";
    }
}
