using VirtSriov.Core.Host.Persistence;
using VirtSriov.Core.Cluster;
using VirtSriov.Core.Host;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Processes;

namespace VirtSriov.Core.Tests.Libvirt;

/// <summary>A lab with only the seams the Worker VMs step uses.</summary>
internal sealed class TestLab(ISysfs sysfs, IHypervisor hypervisor) : ILabEnvironment
{
    public LabDefinition Lab { get; } = new(Guid.NewGuid(), "test lab", LabKind.Simulated, "/", hypervisor.Uri, false, DateTimeOffset.UnixEpoch);

    public ISysfs Sysfs => sysfs;

    public IHypervisor Hypervisor => hypervisor;

    public IClusterClient Cluster => throw new NotSupportedException("The Worker VMs step does not use the cluster.");

    public IProcessRunner Processes => throw new NotSupportedException("The Worker VMs step runs no process.");

    public IServiceManager Services => throw new NotSupportedException("The Worker VMs step installs no service.");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
