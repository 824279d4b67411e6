using VirtSriov.Core.Cluster;
using VirtSriov.Core.Host;
using VirtSriov.Core.Host.Persistence;
using VirtSriov.Core.Host.Simulation;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Preflight;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Steps;

namespace VirtSriov.TestDoubles;

/// <summary>
/// A lab for tests: the given seams, else a <see cref="FakeHypervisor"/>, no cluster (<see cref="MissingCluster"/>) and
/// scripted programs (over a simulated tree, the simulated lab's <c>ip</c> in front of them). Without a sysfs it is a
/// lab only by name: its host seams throw.
/// </summary>
public sealed class FakeLab(ISysfs? sysfs = null, IHypervisor? hypervisor = null, IProcessRunner? processes = null) : ILabEnvironment
{
    private IServiceManager? _services;

    public LabDefinition Lab { get; init; } = new(Guid.NewGuid(), "test lab", sysfs?.IsSimulated ?? true ? LabKind.Simulated : LabKind.Host, "/", hypervisor?.Uri ?? FakeHypervisor.DefaultUri, false, DateTimeOffset.UnixEpoch);

    public ISysfs Sysfs => sysfs ?? throw new NotSupportedException("This test lab has no sysfs.");

    public IHypervisor Hypervisor { get; } = hypervisor ?? new FakeHypervisor();

    public IClusterClient Cluster { get; init; } = new MissingCluster();

    public IProcessRunner Processes { get; } = processes ?? (sysfs is SimulatedSysfs simulated ? SimulatedIp(simulated) : new ScriptedProcessRunner());

    /// <summary>Simulated over a simulated tree, systemd over a real root (through any test decorator).</summary>
    public IServiceManager Services => _services ??= ServicesFor(Sysfs, Processes);

    /// <summary>The simulated lab's <c>ip</c> over <paramref name="tree"/>; every other program is unknown.</summary>
    public static IProcessRunner SimulatedIp(SimulatedSysfs tree) => new SimulatedIpLink(tree, new ScriptedProcessRunner());

    /// <summary>A preflight context over this lab, with default settings unless given.</summary>
    public PreflightContext Context(RunSettings? settings = null) => new(this, settings ?? DefaultSettings);

    /// <summary>A step context over this lab, with default settings unless given.</summary>
    public StepContext Context(IStepLog log, RunSettings? settings = null, TimeProvider? time = null) =>
        new(Guid.NewGuid(), settings ?? DefaultSettings, this, log, time ?? TimeProvider.System);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static RunSettings DefaultSettings => new() { PfAddress = SimulatedLabWorld.DefaultPfAddress };

    private static IServiceManager ServicesFor(ISysfs sysfs, IProcessRunner processes) => sysfs switch
    {
        SimulatedSysfs simulated => new SimulatedServiceManager(simulated.Root),
        RealSysfs real => new SystemdServiceManager(new LocalHostFiles(real.Root), processes),
        IHostTestSysfsDecorator decorator => ServicesFor(decorator.Inner, processes),
        _ => throw new NotSupportedException($"No service manager for a {sysfs.GetType().Name}."),
    };
}
