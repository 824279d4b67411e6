using VirtSriov.Core.Cluster;

namespace VirtSriov.Core.Labs.Changes;

/// <summary>
/// Opens labs with the change journal in front of every seam that changes something. <paramref name="simulatedChangeDelay"/>
/// slows each change of the simulated lab (see <see cref="VirtSriovOptions.SimulatedLabChangeDelay"/>).
/// </summary>
public sealed class JournaledLabEnvironmentFactory(
    ILabEnvironmentFactory inner,
    IChangeJournal journal,
    TimeProvider time,
    TimeSpan simulatedChangeDelay = default) : ILabEnvironmentFactory
{
    public async Task<ILabEnvironment> CreateAsync(LabDefinition lab, CancellationToken cancellationToken)
    {
        var environment = await inner.CreateAsync(lab, cancellationToken).ConfigureAwait(false);
        var changes = new ChangeRecorder(journal, lab.Id, time, lab.IsSimulated ? simulatedChangeDelay : TimeSpan.Zero);
        return new JournaledLabEnvironment(environment, changes);
    }

    /// <summary>Each seam is wrapped on first use: a lab may lack one (a test lab without sysfs) until it is asked for.</summary>
    private sealed class JournaledLabEnvironment(ILabEnvironment inner, ChangeRecorder changes) : ILabEnvironment
    {
        private Host.ISysfs? _sysfs;
        private Libvirt.IHypervisor? _hypervisor;
        private IClusterClient? _cluster;
        private Processes.IProcessRunner? _processes;
        private Host.Persistence.IServiceManager? _services;

        public LabDefinition Lab => inner.Lab;

        public Host.ISysfs Sysfs => _sysfs ??= new JournaledSysfs(inner.Sysfs, changes);

        public Libvirt.IHypervisor Hypervisor => _hypervisor ??= new JournaledHypervisor(inner.Hypervisor, changes);

        // A missing cluster changes nothing, and the cluster step asks for it by type.
        public IClusterClient Cluster => _cluster ??= inner.Cluster is MissingCluster ? inner.Cluster : new JournaledCluster(inner.Cluster, changes);

        public Processes.IProcessRunner Processes => _processes ??= new JournaledProcessRunner(inner.Processes, changes);

        public Host.Persistence.IServiceManager Services => _services ??= new JournaledServiceManager(inner.Services, changes);

        public Host.Persistence.CliPackage? Cli => inner.Cli;

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
