using VirtSriov.Core.Host.Persistence;
using VirtSriov.Core.Cluster;
using VirtSriov.Core.Host;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Runs;

namespace VirtSriov.Core.Tests.Cluster;

/// <summary>A host lab before its cluster exists: no kubeconfig (<see cref="MissingCluster"/>), real process runner.</summary>
internal sealed class UndeployedLabFake(ClusterLabFake world) : ILabEnvironment
{
    public LabDefinition Lab { get; } = new(Guid.NewGuid(), "host", LabKind.Host, "/", "qemu:///system", false, DateTimeOffset.UnixEpoch);

    public ISysfs Sysfs => world.Sysfs;

    public IHypervisor Hypervisor => world.Hypervisor;

    public IClusterClient Cluster { get; } = new MissingCluster();

    public IProcessRunner Processes { get; } = new ProcessRunner();

    public IServiceManager Services => throw new NotSupportedException("The cluster steps install no host service.");

    public StepContext Context(RunSettings settings) => new(Guid.NewGuid(), settings, this, world.Log, world.Time);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
