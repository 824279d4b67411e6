using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;
using VirtSriov.Data;

namespace VirtSriov.Benchmarks;

/// <summary>
/// Appends batches of run events (one in four a throughput event with its sample row) to a migrated SQLite file in WAL mode.
/// Times are per event (OperationsPerInvoke = batch size): events/s = 1e9 / mean ns. The engine needs at least 20,000 events/s.
/// Run: <c>dotnet run -c Release --project tests/Benchmarks -- --filter *EventAppend* --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class EventAppendBenchmark
{
    private string directory = "";
    private ServiceProvider? services;
    private IRunEventStore? store;
    private Guid runId;
    private long lastSequence;

    [Params(100, 1000)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        directory = Path.Combine(Path.GetTempPath(), "virtsriov-bench", Guid.NewGuid().ToString("N"));
        services = new ServiceCollection().AddVirtSriovData(directory).BuildServiceProvider();
        await DatabaseInitializer.MigrateAsync(services, CancellationToken.None);
        var lab = await services.GetRequiredService<ILabStore>().AddAsync("bench", LabKind.Simulated, "/tmp/sysfs", "test:///default", CancellationToken.None);
        var run = await services.GetRequiredService<IRunStore>().CreateAsync(lab.Id, new RunSettings(), TimeProvider.System.GetUtcNow(), CancellationToken.None);
        runId = run.Id;
        store = services.GetRequiredService<IRunEventStore>();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (services is not null)
        {
            await services.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = 1000)]
    public Task AppendBatch()
    {
        // OperationsPerInvoke must be a constant; scale smaller batches up to 1000 events per invoke.
        return AppendEventsAsync(1000);
    }

    private async Task AppendEventsAsync(int total)
    {
        for (var appended = 0; appended < total; appended += BatchSize)
        {
            var batch = new RunEvent[BatchSize];
            var at = TimeProvider.System.GetUtcNow();
            for (var i = 0; i < batch.Length; i++)
            {
                var sequence = ++lastSequence;
                batch[i] = sequence % 4 == 0
                    ? new RunEvent(runId, sequence, at, RunEventKind.Throughput, StepKind.DpdkTest, "stats", RunLogLevel.Output,
                        Sample: new ThroughputSample(0, sequence, sequence, 64 * sequence, 64 * sequence, 0, 0, 0, 14_880_952, 14_880_952, 7_619_047_424, 7_619_047_424))
                    : new RunEvent(runId, sequence, at, RunEventKind.Log, StepKind.DpdkTest, $"Port 0: RX-packets: {sequence}", RunLogLevel.Output);
            }

            await store!.AppendAsync(batch, CancellationToken.None);
        }
    }
}
