using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VirtSriov.Core;
using VirtSriov.Core.Audit;
using VirtSriov.Core.Cluster;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;
using VirtSriov.Cli.Runs;
using VirtSriov.Data;

namespace VirtSriov.Cli.Local;

/// <summary>
/// The run engine in this process, on a data folder's history (the dashboard's, when it is not running). Reading
/// (labs, a run, its events, compare, export) needs nothing more; changing a lab takes the folder's
/// <see cref="EngineLock"/> first, so a running dashboard or another local run refuses this one instead of racing it.
/// Actions are audited as the local CLI's user.
/// </summary>
public sealed class LocalRunService : IRunService
{
    /// <summary>How often <see cref="FollowAsync"/> looks for new events while the run is active in another process.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private readonly ServiceProvider _services;
    private readonly string _dataDirectory;
    private readonly IRunStore _runs;
    private EngineLock? _lock;

    private LocalRunService(ServiceProvider services, string dataDirectory)
    {
        _services = services;
        _dataDirectory = dataDirectory;
        _runs = services.GetRequiredService<IRunStore>();
    }

    public static async Task<LocalRunService> OpenAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        dataDirectory = Path.GetFullPath(dataDirectory);
        PrivateDataFolder.Secure(dataDirectory);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{VirtSriovOptions.Section}:{nameof(VirtSriovOptions.DataDirectory)}"] = dataDirectory })
            .Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddVirtSriovData(dataDirectory)
            .AddVirtSriovCore(configuration)
            .AddSingleton<IAuditActor, LocalCliActor>()
            .AddSingleton<Auditor>()
            .AddSingleton<IRunEngine, AuditedRunEngine>()
            .BuildServiceProvider();
        try
        {
            await DatabaseInitializer.MigrateAsync(services, cancellationToken);
            await services.GetRequiredService<SimulatedLabProvisioner>().EnsureAsync(cancellationToken);
            return new LocalRunService(services, dataDirectory);
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }

    public async Task<IReadOnlyList<LabDefinition>> LabsAsync(CancellationToken cancellationToken) =>
        await _services.GetRequiredService<ILabStore>().ListAsync(cancellationToken);

    public async Task<Guid> CreateRunAsync(Guid labId, RunSettings settings, CancellationToken cancellationToken)
    {
        var engine = await EngineAsync(cancellationToken);
        return await Refusals(() => engine.CreateRunAsync(labId, settings, cancellationToken));
    }

    public async Task<RunRecord> RunAsync(Guid runId, CancellationToken cancellationToken) =>
        await _runs.GetAsync(runId, cancellationToken) ?? throw NoRun(runId);

    public async Task<StepPlan> PlanAsync(Guid runId, StepKind step, CancellationToken cancellationToken)
    {
        var engine = await EngineFor(runId, cancellationToken);
        return await Refusals(() => engine.PlanAsync(runId, step, cancellationToken));
    }

    public async Task<StepRunRecord> ApplyAsync(Guid runId, StepKind step, CancellationToken cancellationToken)
    {
        var engine = await EngineFor(runId, cancellationToken);
        return await Refusals(() => engine.ApplyAsync(runId, step, cancellationToken));
    }

    public async Task<RunRecord> RunRemainingAsync(Guid runId, CancellationToken cancellationToken)
    {
        var engine = await EngineFor(runId, cancellationToken);
        return await Refusals(() => engine.RunRemainingAsync(runId, cancellationToken));
    }

    public async Task<RunRecord> TeardownAsync(Guid runId, CancellationToken cancellationToken)
    {
        var engine = await EngineFor(runId, cancellationToken);
        return await Refusals(() => engine.TeardownAsync(runId, new TeardownOptions(false), cancellationToken));
    }

    public async Task<RunRecord> ResumeAsync(Guid runId, CancellationToken cancellationToken)
    {
        var engine = await EngineFor(runId, cancellationToken);
        await Refusals(async () =>
        {
            await engine.ResumeAsync(runId, cancellationToken);
            return true;
        });
        return await RunAsync(runId, cancellationToken);
    }

    public async Task<RunComparison> CompareAsync(Guid a, Guid b, CancellationToken cancellationToken) =>
        RunComparison.Of(await RunAsync(a, cancellationToken), await RunAsync(b, cancellationToken));

    public async Task<byte[]> BundleAsync(Guid runId, CancellationToken cancellationToken) =>
        await _services.GetRequiredService<BundleExporter>().ExportAsync(runId, cancellationToken) ?? throw NoRun(runId);

    public async IAsyncEnumerable<RunEvent> FollowAsync(Guid runId, long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        _ = await RunAsync(runId, cancellationToken);
        var events = _services.GetRequiredService<IRunEventStore>();
        var time = _services.GetRequiredService<TimeProvider>();
        var after = afterSequence;
        while (true)
        {
            var batch = await events.ReadAsync(runId, after, 1000, cancellationToken);
            foreach (var runEvent in batch)
            {
                yield return runEvent;
                after = runEvent.Sequence;
                if (runEvent is { Kind: RunEventKind.RunStatusChanged, RunStatus: not RunStatus.Active and not null })
                {
                    yield break;
                }
            }

            if (batch.Count == 0)
            {
                if ((await RunAsync(runId, cancellationToken)).Status != RunStatus.Active)
                {
                    yield break;
                }

                await Task.Delay(PollInterval, time, cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The publisher stores its last events through the database services, and retries until they are stored: it must
        // finish before the container disposes those services, or it retries against disposed ones for ever.
        await _services.GetRequiredService<RunEventPublisher>().DisposeAsync();
        await _services.DisposeAsync();
        _lock?.Dispose();
    }

    private async Task<IRunEngine> EngineFor(Guid runId, CancellationToken cancellationToken)
    {
        _ = await RunAsync(runId, cancellationToken);
        return await EngineAsync(cancellationToken);
    }

    /// <summary>
    /// The engine, once this process holds the data folder. Runs that a killed local process left mid-step become
    /// Interrupted; runs merely waiting between two commands stay active.
    /// </summary>
    private async Task<IRunEngine> EngineAsync(CancellationToken cancellationToken)
    {
        if (_lock is null)
        {
            _lock = await Refusals(() => Task.FromResult(EngineLock.Acquire(_dataDirectory)));
            await _services.GetRequiredService<RunEngine>().RecoverAsync(InterruptScope.RunsMidStep, cancellationToken);
        }

        return _services.GetRequiredService<IRunEngine>();
    }

    /// <summary>The engine's refusals as the dashboard's API would give them: bad settings (2), a refusal with its fix (1).</summary>
    private static async Task<T> Refusals<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (RunSettingsException e)
        {
            throw new CliException(ExitCodes.BadInput, e.Message, "Correct the fields named above.", e);
        }
        catch (ActionableException e)
        {
            throw new CliException(ExitCodes.Failed, e.Message, e.Fix, e);
        }
    }

    private static CliException NoRun(Guid runId) =>
        new(ExitCodes.BadInput, $"There is no run {runId} in this data folder.", "Check the id and --data.");
}
