using VirtSriov.Core.Cluster;
using VirtSriov.Core.Host;
using VirtSriov.Core.Host.Persistence;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Processes;

namespace VirtSriov.Core.Labs;

/// <summary>
/// The seams of one lab: its filesystem (sysfs), its hypervisor, its cluster and its process runner.
/// The simulated lab swaps the seams, never the step logic.
/// </summary>
public interface ILabEnvironment : IAsyncDisposable
{
    LabDefinition Lab { get; }

    ISysfs Sysfs { get; }

    IHypervisor Hypervisor { get; }

    IClusterClient Cluster { get; }

    IProcessRunner Processes { get; }

    /// <summary>The host's service manager (systemd), for what must survive a host reboot.</summary>
    IServiceManager Services { get; }

    /// <summary>A published CLI the dashboard can copy to the host for the boot unit; null when it has none.</summary>
    CliPackage? Cli => null;
}
