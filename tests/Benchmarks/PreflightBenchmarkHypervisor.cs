using VirtSriov.Core.Libvirt;

namespace VirtSriov.Benchmarks;

/// <summary>Libvirt as the preflight benchmark sees it: two running 16 GiB workers holding two VFs of the first PF each.</summary>
internal sealed class PreflightBenchmarkHypervisor : IHypervisor
{
    private readonly Dictionary<string, string> domains = Enumerable.Range(0, 2).ToDictionary(
        worker => $"virtsriov-worker-{worker}",
        worker => $"""
            <domain type='kvm'>
              <name>virtsriov-worker-{worker}</name>
              <memory unit='GiB'>16</memory>
              <devices>{Hostdev(PreflightBenchmarkTree.VfAddress(0, worker * 2))}{Hostdev(PreflightBenchmarkTree.VfAddress(0, (worker * 2) + 1))}</devices>
            </domain>
            """);

    public string Uri => "test:///preflight-benchmark";

    public Task<Version> GetLibraryVersionAsync(CancellationToken cancellationToken) => Task.FromResult(new Version(10, 0, 0));

    public Task<IReadOnlyList<string>> ListDomainNamesAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([.. domains.Keys]);

    public Task<string> GetDomainXmlAsync(string name, bool inactive, CancellationToken cancellationToken) => Task.FromResult(domains[name]);

    public Task<bool> IsRunningAsync(string name, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task DefineDomainAsync(string xml, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task StartAsync(string name, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task ShutdownAsync(string name, TimeSpan timeout, bool destroyAfterTimeout, CancellationToken cancellationToken) => throw new NotSupportedException();

    private static string Hostdev(string address)
    {
        var parts = address.Split(':', '.');
        return $"<hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x{parts[0]}' bus='0x{parts[1]}' slot='0x{parts[2]}' function='0x{parts[3]}'/></source></hostdev>";
    }
}
