using VirtSriov.Core.Host.Persistence;
using Microsoft.Extensions.Logging.Abstractions;
using VirtSriov.Core.Cluster;
using VirtSriov.Core.Host;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Runs;

namespace VirtSriov.Core.Tests.Runs;

/// <summary>A real RunEngine with scripted steps over in-memory stores.</summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    public EngineHarness()
    {
        Steps = Enum.GetValues<StepKind>().ToDictionary(k => k, k => new ScriptedStep(k, TeardownOrder));
        Lab = Store.AddLab();
        Publisher = new RunEventPublisher(Store, Broadcaster, TimeProvider.System, NullLogger<RunEventPublisher>.Instance);
        Feed = new RunEventFeed(Store, Broadcaster);
        Engine = NewEngine();
    }

    public InMemoryRunStore Store { get; } = new();

    public List<StepKind> TeardownOrder { get; } = [];

    public RunEventBroadcaster Broadcaster { get; } = new();

    public RunEventPublisher Publisher { get; }

    public RunEventFeed Feed { get; }

    public Dictionary<StepKind, ScriptedStep> Steps { get; }

    public LabDefinition Lab { get; }

    public RunEngine Engine { get; private set; }

    public static RunSettings Settings => new() { PfAddress = "0000:3b:00.0" };

    /// <summary>Drops the engine without letting it finish anything, as a killed process would.</summary>
    public void Crash() => Engine = NewEngine();

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        await Publisher.DisposeAsync();
    }

    private RunEngine NewEngine() => new(
        Steps.Values, Store, Store, new LabEnvironmentCache(new NullEnvironmentFactory()), Publisher, [], TimeProvider.System, NullLogger<RunEngine>.Instance);

    private sealed class NullEnvironmentFactory : ILabEnvironmentFactory
    {
        public Task<ILabEnvironment> CreateAsync(LabDefinition lab, CancellationToken cancellationToken) =>
            Task.FromResult<ILabEnvironment>(new NullEnvironment(lab));
    }

    private sealed class NullEnvironment(LabDefinition lab) : ILabEnvironment
    {
        public LabDefinition Lab { get; } = lab;

        public ISysfs Sysfs => throw new NotSupportedException();

        public IHypervisor Hypervisor => throw new NotSupportedException();

        public IClusterClient Cluster => throw new NotSupportedException();

        public IProcessRunner Processes => throw new NotSupportedException();

        public IServiceManager Services => throw new NotSupportedException();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
