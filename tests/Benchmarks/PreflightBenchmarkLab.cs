using VirtSriov.Core.Host.Persistence;
using VirtSriov.Core.Cluster;
using VirtSriov.Core.Host;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Processes;

namespace VirtSriov.Benchmarks;

/// <summary>The benchmark's lab: the generated tree through the real filesystem seam, a fixed hypervisor, no cluster.</summary>
internal sealed class PreflightBenchmarkLab(string root) : ILabEnvironment
{
    public static ILabEnvironment Over(string root) => new PreflightBenchmarkLab(root);

    public LabDefinition Lab { get; } = new(Guid.Empty, "preflight benchmark", LabKind.Host, root, "test:///preflight-benchmark", false, DateTimeOffset.UnixEpoch);

    public ISysfs Sysfs { get; } = new RealSysfs(root);

    public IHypervisor Hypervisor { get; } = new PreflightBenchmarkHypervisor();

    public IClusterClient Cluster { get; } = new MissingCluster();

    public IProcessRunner Processes { get; } = new ProcessRunner();

    public IServiceManager Services => throw new NotSupportedException("Preflight changes nothing.");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
