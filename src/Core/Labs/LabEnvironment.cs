using VirtSriov.Core.Cluster;
using VirtSriov.Core.Host;
using VirtSriov.Core.Host.Persistence;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Processes;

namespace VirtSriov.Core.Labs;

/// <summary>The seams of one lab, disposed together (with the connection to its host, when it has one).</summary>
internal sealed class LabEnvironment(
    LabDefinition lab,
    ISysfs sysfs,
    IHypervisor hypervisor,
    IClusterClient cluster,
    IProcessRunner processes,
    IServiceManager services,
    IDisposable? host = null,
    CliPackage? cli = null) : ILabEnvironment
{
    public LabDefinition Lab { get; } = lab;

    public ISysfs Sysfs { get; } = sysfs;

    public IHypervisor Hypervisor { get; } = hypervisor;

    public IClusterClient Cluster { get; } = cluster;

    public IProcessRunner Processes { get; } = processes;

    public IServiceManager Services { get; } = services;

    public CliPackage? Cli { get; } = cli;

    public ValueTask DisposeAsync()
    {
        (Cluster as IDisposable)?.Dispose();
        (Hypervisor as IDisposable)?.Dispose();
        host?.Dispose();
        return ValueTask.CompletedTask;
    }
}
