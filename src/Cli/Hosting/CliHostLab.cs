using VirtSriov.Core.Cluster;
using VirtSriov.Core.Host;
using VirtSriov.Core.Host.Persistence;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Processes;

namespace VirtSriov.Cli.Hosting;

/// <summary>
/// The machine the CLI runs on: its real sysfs and its programs. The CLI works on the host only: it opens no libvirt
/// connection and no cluster, so the steps that need them are not offered here.
/// </summary>
public sealed class CliHostLab : ILabEnvironment
{
    public CliHostLab(string sysfsRoot = "/")
    {
        Sysfs = new RealSysfs(sysfsRoot);
        Services = new SystemdServiceManager(new LocalHostFiles(sysfsRoot), Processes);
        Lab = new LabDefinition(Guid.Empty, "this host", LabKind.Host, sysfsRoot, UnconnectedHypervisor.NoUri, HasKubeconfig: false, DateTimeOffset.UnixEpoch);
    }

    public LabDefinition Lab { get; }

    public ISysfs Sysfs { get; }

    public IHypervisor Hypervisor { get; } = new UnconnectedHypervisor();

    public IClusterClient Cluster { get; } = new MissingCluster();

    public IProcessRunner Processes { get; } = new ProcessRunner();

    public IServiceManager Services { get; }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
