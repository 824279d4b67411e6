using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;
using VirtSriov.Data;
using VirtSriov.Data.Entities;

namespace VirtSriov.Benchmarks;

/// <summary>
/// A long history in SQLite: 10,000 runs and 10 million events (one in four a throughput sample; one run 100 times
/// longer than the others, as a long testpmd run makes), generated in bulk transactions. Then the History page's
/// query (first page, a deep page, a status filter) and what the run detail page loads (run with steps, artifacts,
/// the events it shows), each timed over repetitions. Goals: list &lt; 50 ms, detail &lt; 200 ms.
/// </summary>
internal static class HistoryBench
{
    private const int Repetitions = 20;

    public static async Task RunAsync(int runs, long events)
    {
        var data = Directory.CreateTempSubdirectory("virtsriov-bench-history-").FullName;
        try
        {
            await using var services = await BenchHost.StartAsync(data);
            var lab = await services.GetRequiredService<SimulatedLabProvisioner>().EnsureAsync(CancellationToken.None);
            var clock = Stopwatch.StartNew();
            var (typical, longest) = await GenerateAsync(services, data, lab.Id, runs, events);
            var size = new DirectoryInfo(data).EnumerateFiles("virtsriov.db*").Sum(f => f.Length);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"history: {runs:N0} runs and {events:N0} events generated in {clock.Elapsed.TotalSeconds:N0} s ({size / 1048576.0:N0} MiB of SQLite)"));

            var store = services.GetRequiredService<IRunStore>();
            var eventStore = services.GetRequiredService<IRunEventStore>();
            Report("list page, newest 20", await TimeAsync(() => store.QueryAsync(new RunQuery(), CancellationToken.None)), 50);
            Report("list page 400 of 500", await TimeAsync(() => store.QueryAsync(new RunQuery(Page: 400), CancellationToken.None)), 50);
            Report("list filtered by status", await TimeAsync(() => store.QueryAsync(new RunQuery(Status: RunStatus.Failed), CancellationToken.None)), 50);
            Report("list filtered by lab and dates", await TimeAsync(() => store.QueryAsync(
                new RunQuery(lab.Id, From: DateTimeOffset.UtcNow.AddDays(-30), To: DateTimeOffset.UtcNow.AddDays(-10)), CancellationToken.None)), 50);
            Report($"run detail, {events / runs:N0} events", await TimeAsync(() => LoadDetailAsync(store, eventStore, typical)), 200);
            Report($"run detail, longest run ({LongRunFactor}x)", await TimeAsync(() => LoadDetailAsync(store, eventStore, longest)), 200);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private const int LongRunFactor = 100;

    /// <summary>
    /// What the run detail page loads: the run with its steps, its artifacts, then (as <c>RunLiveState.LoadAsync</c> in
    /// src/Web/Live does) the last sequence, the newest 1,000 log lines (one more, to know whether older ones exist) and
    /// the newest 1,200 throughput samples.
    /// </summary>
    private static async Task<int> LoadDetailAsync(IRunStore store, IRunEventStore events, Guid runId)
    {
        const int logPageSize = 1000;
        const int chartPoints = 1200;
        _ = await store.GetAsync(runId, CancellationToken.None) ?? throw new InvalidOperationException("run missing");
        _ = await store.ListArtifactsAsync(runId, CancellationToken.None);
        var last = await events.GetLastSequenceAsync(runId, CancellationToken.None);
        var log = await events.ReadLogBeforeAsync(runId, last + 1, logPageSize + 1, CancellationToken.None);
        var samples = await events.ReadThroughputBeforeAsync(runId, last + 1, chartPoints, CancellationToken.None);
        return log.Count + samples.Count;
    }

    private static async Task<(Guid Typical, Guid Longest)> GenerateAsync(ServiceProvider services, string dataDirectory, Guid labId, int runs, long events)
    {
        var contexts = services.GetRequiredService<IDbContextFactory<VirtSriovDbContext>>();
        var now = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, runs).Select(i => Guid.CreateVersion7(now.AddMinutes(-(runs - i) * 7))).ToArray();
        var settings = RunJsonSettings();
        for (var offset = 0; offset < runs; offset += 1000)
        {
            await using var db = await contexts.CreateDbContextAsync();
            foreach (var i in Enumerable.Range(offset, Math.Min(1000, runs - offset)))
            {
                var created = now.AddMinutes(-(runs - i) * 7);
                var run = new RunEntity
                {
                    Id = ids[i],
                    LabId = labId,
                    Status = i % 10 == 3 ? RunStatus.Failed : RunStatus.Succeeded,
                    SettingsJson = settings,
                    CreatedAt = created,
                    FinishedAt = created.AddMinutes(5),
                };
                foreach (var step in Enum.GetValues<StepKind>())
                {
                    run.Steps.Add(new StepRunEntity
                    {
                        RunId = run.Id,
                        Step = step,
                        Status = StepStatus.Succeeded,
                        FindingsJson = "[]",
                        Outcome = $"Step {step} done.",
                        Changed = true,
                        StartedAt = created,
                        FinishedAt = created.AddSeconds(30),
                    });
                }

                db.Runs.Add(run);
            }

            await db.SaveChangesAsync();
        }

        // The longest run gets LongRunFactor times a typical run's events.
        var typical = events / (runs - 1 + LongRunFactor);
        var longest = events - typical * (runs - 1);
        BulkInsertEvents(Path.Combine(dataDirectory, VirtSriovDatabase.FileName), ids, i => i == 0 ? longest : typical, now);
        return (ids[runs / 2], ids[0]);
    }

    /// <summary>
    /// The events straight through SQLite: two prepared INSERTs, a million rows per transaction, runs in key order (the
    /// ids are time-ordered, as the product's are) so the primary key index grows at its end. Values are written as
    /// <c>RunEventInserter</c> writes them (Guid bound as is, times as UTC ticks, enums as names); each run has one test attempt.
    /// </summary>
    private static void BulkInsertEvents(string databaseFile, Guid[] ids, Func<int, long> eventsOf, DateTimeOffset now)
    {
        using var connection = new SqliteConnection($"Data Source={databaseFile}");
        connection.Open();
        Execute(connection, "PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;");
        var transaction = connection.BeginTransaction();
        using var insertEvent = Prepare(connection, "INSERT INTO RunEvents (RunId, Sequence, At, Kind, Step, Level, Text, StepStatus, RunStatus) VALUES ($r, $s, $a, $k, 'DpdkTest', $l, $t, NULL, NULL)", "$r", "$s", "$a", "$k", "$l", "$t");
        using var insertSample = Prepare(connection,
            "INSERT INTO ThroughputSamples (RunId, Sequence, At, Port, RxPackets, TxPackets, RxBytes, TxBytes, RxMissed, RxErrors, TxErrors, RxPps, TxPps, RxBps, TxBps, TestAttempt, LineRatePercent) " +
            "VALUES ($r, $s, $a, $p, $n, $n, $b, $b, 0, 0, 0, 14880952, 14880952, 7619047424, 7619047424, $r, 100.0)",
            "$r", "$s", "$a", "$p", "$n", "$b");
        var inTransaction = 0;
        for (var i = 0; i < ids.Length; i++)
        {
            var start = now.AddMinutes(-(ids.Length - i) * 7).UtcTicks;
            for (long sequence = 1, count = eventsOf(i); sequence <= count; sequence++)
            {
                var at = start + (sequence * TimeSpan.TicksPerMillisecond * 100);
                var sample = sequence % 4 == 0;
                Insert(insertEvent, transaction, ids[i], sequence, at, sample ? "Throughput" : "Log", sample ? "Info" : "Output", sample ? "port 0" : "  Rx-pps:     14880952          Rx-bps:  7619047424");
                if (sample)
                {
                    Insert(insertSample, transaction, ids[i], sequence, at, (int)(sequence / 4 % 2), sequence * 1000, sequence * 64_000);
                }

                if (++inTransaction == 1_000_000)
                {
                    transaction.Commit();
                    transaction.Dispose();
                    transaction = connection.BeginTransaction();
                    inTransaction = 0;
                }
            }
        }

        transaction.Commit();
        transaction.Dispose();
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
        }

        return command;
    }

    private static void Insert(SqliteCommand command, SqliteTransaction transaction, params object[] values)
    {
        command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        command.ExecuteNonQuery();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string RunJsonSettings() =>
        System.Text.Json.JsonSerializer.Serialize(new RunSettings { PfAddress = "0000:3b:00.0" }, RunJson.Options);

    private static async Task<double[]> TimeAsync<T>(Func<Task<T>> action)
    {
        await action();
        var times = new double[Repetitions];
        for (var i = 0; i < Repetitions; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await action();
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(times);
        return times;
    }

    private static void Report(string what, double[] sorted, double goal)
    {
        var median = sorted[sorted.Length / 2];
        var p95 = sorted[(int)(sorted.Length * 0.95)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"history: {what,-38} median {median,7:N1} ms, p95 {p95,7:N1} ms, max {sorted[^1],7:N1} ms (goal < {goal:N0} ms: ratio {p95 / goal:N2})"));
    }
}
