using VirtSriov.Core.Tests.TestSupport;
using VirtSriov.Core.Host.Persistence;
using VirtSriov.Core.Cluster;
using VirtSriov.Core.Host;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Preflight;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Runs;

namespace VirtSriov.Core.Tests.Preflight.Support;

/// <summary>A lab for preflight tests: any sysfs, hypervisor and process runner; no cluster.</summary>
public sealed class PreflightTestLab(ISysfs sysfs, IHypervisor? hypervisor = null, IProcessRunner? processes = null) : ILabEnvironment
{
    private IServiceManager? _services;

    public LabDefinition Lab { get; } = new(Guid.NewGuid(), "preflight-tests", sysfs.IsSimulated ? LabKind.Simulated : LabKind.Host, "/", hypervisor?.Uri ?? "test:///default", false, DateTimeOffset.UnixEpoch);

    public ISysfs Sysfs => sysfs;

    public IHypervisor Hypervisor { get; } = hypervisor ?? new PreflightTestHypervisor("test:///default", new Version(9, 0, 0));

    public IClusterClient Cluster { get; } = new MissingCluster();

    public IProcessRunner Processes { get; } = processes ?? new ScriptedProcessRunner();

    public IServiceManager Services => _services ??= HostTestServices.For(sysfs, Processes);

    public PreflightContext Context(RunSettings? settings = null) => new(this, settings ?? new RunSettings { PfAddress = SimulatedLabWorld.DefaultPfAddress });

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
