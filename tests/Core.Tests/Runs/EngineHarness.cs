using Microsoft.Extensions.Logging.Abstractions;
using VirtSriov.Core.Cluster;
using VirtSriov.Core.Host.Persistence;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;
using VirtSriov.TestDoubles;

namespace VirtSriov.Core.Tests.Runs;

/// <summary>A real RunEngine with scripted steps over in-memory stores.</summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    /// <param name="checks">The checks of the settings against the lab the engine runs when a run is created.</param>
    public EngineHarness(IReadOnlyList<IRunSettingsCheck>? checks = null)
    {
        Checks = checks ?? [];
        Steps = Enum.GetValues<StepKind>().ToDictionary(k => k, k => new ScriptedStep(k, TeardownOrder));
        WorkerDpdkTest = new ScriptedStep(StepKind.DpdkTest, TeardownOrder);
        Lab = Labs.Add(InMemoryLabStore.Simulated("sim"));
        Runs = new InMemoryRunStore(Labs);
        Publisher = new RunEventPublisher(Events, Broadcaster, TimeProvider.System, NullLogger<RunEventPublisher>.Instance);
        Feed = new RunEventFeed(Events, Broadcaster);
        Engine = NewEngine();
    }

    public InMemoryLabStore Labs { get; } = new();

    public InMemoryRunStore Runs { get; }

    public InMemoryRunEventStore Events { get; } = new();

    public InMemoryChangeJournal Changes { get; } = new();

    public IReadOnlyList<IRunSettingsCheck> Checks { get; }

    public List<StepKind> TeardownOrder { get; } = [];

    public RunEventBroadcaster Broadcaster { get; } = new();

    public RunEventPublisher Publisher { get; }

    public RunEventFeed Feed { get; }

    public Dictionary<StepKind, ScriptedStep> Steps { get; }

    /// <summary>The DPDK test of Hypervisor only runs (its own implementation, as the VM-level test is).</summary>
    public ScriptedStep WorkerDpdkTest { get; }

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
        [.. Steps.Values, new HypervisorOnlyStep(WorkerDpdkTest)], Runs, Labs, new LabEnvironmentCache(new NamedOnlyLabs()), Publisher, Checks, TimeProvider.System, NullLogger<RunEngine>.Instance, Changes);

    private sealed class HypervisorOnlyStep(ScriptedStep inner) : IProfileStep, IStepTeardown
    {
        public RunProfile Profile => RunProfile.HypervisorOnly;

        public StepKind Kind => inner.Kind;

        public string Title => inner.Title;

        public string? Limitations => null;

        public Task<IReadOnlyList<StepFinding>> InspectAsync(StepContext context, CancellationToken cancellationToken) => inner.InspectAsync(context, cancellationToken);

        public Task<StepPlan> PlanAsync(StepContext context, CancellationToken cancellationToken) => inner.PlanAsync(context, cancellationToken);

        public Task<StepOutcome> ApplyAsync(StepContext context, StepPlan plan, CancellationToken cancellationToken) => inner.ApplyAsync(context, plan, cancellationToken);

        public Task<StepOutcome> TeardownAsync(StepContext context, CancellationToken cancellationToken) => inner.TeardownAsync(context, cancellationToken);
    }

    private sealed class NamedOnlyLabs : ILabEnvironmentFactory
    {
        public Task<ILabEnvironment> CreateAsync(LabDefinition lab, CancellationToken cancellationToken) =>
            Task.FromResult<ILabEnvironment>(new FakeLab { Lab = lab });
    }
}
