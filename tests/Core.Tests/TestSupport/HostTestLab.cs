using VirtSriov.Core.Cluster;
using VirtSriov.Core.Host.Persistence;
using VirtSriov.Core.Host;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Runs;

namespace VirtSriov.Core.Tests.TestSupport;

/// <summary>A lab with a given sysfs; the hypervisor answers from a dictionary, the cluster is not used, programs only when given (or ip over the simulated tree).</summary>
public sealed class HostTestLab(ISysfs sysfs, IHypervisor? hypervisor = null, IProcessRunner? processes = null) : ILabEnvironment
{
    private IServiceManager? _services;

    public LabDefinition Lab { get; } = new(Guid.NewGuid(), "host-tests", sysfs.IsSimulated ? LabKind.Simulated : LabKind.Host, "/", "test:///host-tests", false, DateTimeOffset.UnixEpoch);

    public ISysfs Sysfs => sysfs;

    public IHypervisor Hypervisor { get; } = hypervisor ?? new HostTestHypervisor(new Dictionary<string, string>());

    public IClusterClient Cluster { get; } = new MissingCluster();

    /// <summary>The given runner; else, over the simulated tree, the simulated lab's <c>ip</c> (as the simulated lab has); else none.</summary>
    public IProcessRunner Processes { get; } = processes ?? (sysfs is SimulatedSysfs simulated ? SimulatedIp(simulated) : new UnusedProcesses());

    public IServiceManager Services => _services ??= HostTestServices.For(sysfs, Processes);

    /// <summary>The simulated lab's <c>ip</c> over <paramref name="tree"/>; any other program fails the test.</summary>
    public static IProcessRunner SimulatedIp(SimulatedSysfs tree) => new SimulatedIpLink(tree, new UnusedProcesses());

    /// <summary>A step context over this lab with default settings changed by <paramref name="settings"/>.</summary>
    public StepContext Context(RecordingStepLog log, RunSettings? settings = null, TimeProvider? time = null) =>
        new(Guid.NewGuid(), settings ?? new RunSettings { PfAddress = SimulatedLabWorld.DefaultPfAddress }, this, log, time ?? TimeProvider.System);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class UnusedProcesses : IProcessRunner
    {
        public Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
            throw new NotSupportedException($"host tests run no programs ({file})");

        public IAsyncEnumerable<string> StreamLinesAsync(string file, IReadOnlyList<string> arguments, Action<int>? exited, CancellationToken cancellationToken) =>
            throw new NotSupportedException($"host tests run no programs ({file})");
    }
}
