namespace VirtSriov.Core.Libvirt;

/// <summary>
/// The hypervisor seam used by the Worker VMs step: a libvirt connection URI
/// (<c>qemu:///system</c> on a real host, <c>test:///default</c> in the simulated lab).
/// </summary>
public interface IHypervisor
{
    string Uri { get; }

    /// <summary>Where commands for the domains' QEMU guest agents go; null when this hypervisor cannot reach them (no libvirt connection).</summary>
    Agent.IGuestAgentChannel? GuestAgents => this as Agent.IGuestAgentChannel;

    /// <summary>Version of the libvirt that manages the domains (the daemon's for a remote URI): decides which XML features and memlock rule apply.</summary>
    Task<Version> GetLibraryVersionAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> ListDomainNamesAsync(CancellationToken cancellationToken);

    /// <summary>The domain's XML; the persistent (inactive) definition when <paramref name="inactive"/> is true.</summary>
    Task<string> GetDomainXmlAsync(string name, bool inactive, CancellationToken cancellationToken);

    Task DefineDomainAsync(string xml, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the persistent definition (a running domain keeps running until it stops); with
    /// <paramref name="removeNvram"/> also the UEFI variable store libvirt created for it (VIR_DOMAIN_UNDEFINE_NVRAM).
    /// </summary>
    Task UndefineAsync(string name, bool removeNvram, CancellationToken cancellationToken);

    Task<bool> IsRunningAsync(string name, CancellationToken cancellationToken);

    Task StartAsync(string name, CancellationToken cancellationToken);

    /// <summary>Graceful shutdown; after <paramref name="timeout"/> destroys only when <paramref name="destroyAfterTimeout"/>.</summary>
    Task ShutdownAsync(string name, TimeSpan timeout, bool destroyAfterTimeout, CancellationToken cancellationToken);
}
