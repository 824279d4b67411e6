using Microsoft.Data.Sqlite;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;

namespace VirtSriov.Data.Tests.Runs;

public sealed class RunEventStoreTests
{
    [Fact]
    public async Task ReadAsync_AfterSequence_ReturnsLaterEventsInOrderWithAllFields()
    {
        await using var database = await TestDatabase.CreateAsync();
        var run = await database.CreateRunAsync((await database.AddLabAsync()).Id);
        var events = Events(run.Id, database.Time.GetUtcNow(), 1, 10);
        await database.Events.AppendAsync(events, database.Token);

        var read = await database.Events.ReadAsync(run.Id, 4, 100, database.Token);

        Assert.Equal(events.Skip(4), read);
    }

    [Fact]
    public async Task ReadAsync_Max_LimitsCount()
    {
        await using var database = await TestDatabase.CreateAsync();
        var run = await database.CreateRunAsync((await database.AddLabAsync()).Id);
        await database.Events.AppendAsync(Events(run.Id, database.Time.GetUtcNow(), 1, 10), database.Token);

        var read = await database.Events.ReadAsync(run.Id, 0, 3, database.Token);

        Assert.Equal([1L, 2L, 3L], read.Select(e => e.Sequence));
    }

    [Fact]
    public async Task AppendAsync_ManyBatchesOfTwoRuns_EachRunReadsWithoutGaps()
    {
        await using var database = await TestDatabase.CreateAsync();
        var labId = (await database.AddLabAsync()).Id;
        var first = await database.CreateRunAsync(labId);
        var second = await database.CreateRunAsync(labId);
        var at = database.Time.GetUtcNow();
        for (var batch = 0; batch < 5; batch++)
        {
            await database.Events.AppendAsync([.. Events(first.Id, at, (batch * 50) + 1, 50), .. Events(second.Id, at, (batch * 3) + 1, 3)], database.Token);
        }

        var firstEvents = await database.Events.ReadAsync(first.Id, 0, 1000, database.Token);
        var secondEvents = await database.Events.ReadAsync(second.Id, 0, 1000, database.Token);

        Assert.Equal(Enumerable.Range(1, 250).Select(i => (long)i), firstEvents.Select(e => e.Sequence));
        Assert.Equal(Enumerable.Range(1, 15).Select(i => (long)i), secondEvents.Select(e => e.Sequence));
        Assert.All(firstEvents, e => Assert.Equal(first.Id, e.RunId));
        Assert.Equal(250, await database.Events.GetLastSequenceAsync(first.Id, database.Token));
        Assert.Equal(15, await database.Events.GetLastSequenceAsync(second.Id, database.Token));
    }

    [Fact]
    public async Task ReadLogBeforeAsync_Bound_ReturnsTheNewestLogAndStatusEventsBelowItOldestFirstWithoutSamples()
    {
        await using var database = await TestDatabase.CreateAsync();
        var labId = (await database.AddLabAsync()).Id;
        var run = await database.CreateRunAsync(labId);
        var other = await database.CreateRunAsync(labId);
        var events = Events(run.Id, database.Time.GetUtcNow(), 1, 20);
        await database.Events.AppendAsync([.. events, .. Events(other.Id, database.Time.GetUtcNow(), 1, 20)], database.Token);

        var page = await database.Events.ReadLogBeforeAsync(run.Id, 17, 5, database.Token);

        Assert.Equal(events.Where(e => e.Sequence is >= 10 and < 17 && e.Kind != RunEventKind.Throughput), page);
    }

    [Fact]
    public async Task ReadThroughputBeforeAsync_Bound_ReturnsTheNewestSamplesBelowItOldestFirst()
    {
        await using var database = await TestDatabase.CreateAsync();
        var run = await database.CreateRunAsync((await database.AddLabAsync()).Id);
        var events = Events(run.Id, database.Time.GetUtcNow(), 1, 20);
        await database.Events.AppendAsync(events, database.Token);

        var points = await database.Events.ReadThroughputBeforeAsync(run.Id, 16, 2, database.Token);

        Assert.Equal(
            events.Where(e => e.Sequence is 11 or 15).Select(e => new ThroughputPoint(e.Sequence, e.At, e.Sample!)),
            points);
    }

    [Fact]
    public async Task GetLastSequenceAsync_NoEvents_ReturnsZero()
    {
        await using var database = await TestDatabase.CreateAsync();
        var run = await database.CreateRunAsync((await database.AddLabAsync()).Id);

        Assert.Equal(0, await database.Events.GetLastSequenceAsync(run.Id, database.Token));
    }

    [Fact]
    public async Task AppendAsync_ThroughputEvents_WritesSampleRowsReadBackInOrder()
    {
        await using var database = await TestDatabase.CreateAsync();
        var run = await database.CreateRunAsync((await database.AddLabAsync()).Id);
        var at = database.Time.GetUtcNow();
        var sample0 = new ThroughputSample(0, 1_000, 990, 64_000, 63_360, 3, 1, 2, 14_880_952, 14_880_000, 7_619_047_424, 7_618_560_000);
        var sample1 = sample0 with { Port = 1, RxPackets = 2_000 };
        await database.Events.AppendAsync(
            [
                new RunEvent(run.Id, 1, at, RunEventKind.Log, StepKind.DpdkTest, "testpmd started"),
                new RunEvent(run.Id, 2, at.AddSeconds(1), RunEventKind.Throughput, StepKind.DpdkTest, "port 0", Sample: sample0),
                new RunEvent(run.Id, 3, at.AddSeconds(1), RunEventKind.Throughput, StepKind.DpdkTest, "port 1", Sample: sample1),
            ],
            database.Token);

        var events = await database.Events.ReadAsync(run.Id, 0, 10, database.Token);

        Assert.Equal([null, sample0, sample1], events.Select(e => e.Sample));
    }

    [Fact]
    public async Task AppendAsync_SamplesOfTwoTestAttempts_KeepTheirAttemptAndLineRate()
    {
        await using var database = await TestDatabase.CreateAsync();
        var run = await database.CreateRunAsync((await database.AddLabAsync()).Id);
        var at = database.Time.GetUtcNow();
        var firstAttempt = Guid.NewGuid();
        var rerun = Guid.NewGuid();
        var first = new ThroughputSample(0, 1_000, 1_000, 60_000, 60_000, 0, 0, 0, 1_000, 1_000, 480_000, 480_000)
        {
            TestAttempt = firstAttempt,
            LineRatePercent = 12.345678901234,
        };
        var second = first with { TestAttempt = rerun, LineRatePercent = null };
        await database.Events.AppendAsync(
            [
                new RunEvent(run.Id, 1, at, RunEventKind.Throughput, StepKind.DpdkTest, "port 0", Sample: first),
                new RunEvent(run.Id, 2, at.AddSeconds(5), RunEventKind.Throughput, StepKind.DpdkTest, "port 0", Sample: second),
            ],
            database.Token);

        var events = await database.Events.ReadAsync(run.Id, 0, 10, database.Token);

        Assert.Equal<(Guid, double?)>([(firstAttempt, 12.345678901234), (rerun, null)], events.Select(e => (e.Sample!.TestAttempt, e.Sample.LineRatePercent)));
        Assert.Equal([first, second], events.Select(e => e.Sample));
    }

    [Fact]
    public async Task AppendAsync_ThroughputEventWithoutSample_ThrowsAndWritesNothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var run = await database.CreateRunAsync((await database.AddLabAsync()).Id);
        var at = database.Time.GetUtcNow();

        await Assert.ThrowsAsync<ArgumentException>(() => database.Events.AppendAsync(
            [new RunEvent(run.Id, 1, at, RunEventKind.Log, null, "ok"), new RunEvent(run.Id, 2, at, RunEventKind.Throughput, StepKind.DpdkTest, "no sample")],
            database.Token));

        Assert.Equal(0, await database.Events.GetLastSequenceAsync(run.Id, database.Token));
    }

    [Fact]
    public async Task AppendAsync_DuplicateSequenceInBatch_RollsBackWholeBatch()
    {
        await using var database = await TestDatabase.CreateAsync();
        var run = await database.CreateRunAsync((await database.AddLabAsync()).Id);
        var at = database.Time.GetUtcNow();
        await database.Events.AppendAsync(Events(run.Id, at, 1, 3), database.Token);

        await Assert.ThrowsAsync<SqliteException>(() => database.Events.AppendAsync([.. Events(run.Id, at, 4, 2), .. Events(run.Id, at, 3, 1)], database.Token));

        Assert.Equal(3, await database.Events.GetLastSequenceAsync(run.Id, database.Token));
    }

    [Fact]
    public async Task ReadAsync_AfterRestartOnSameFile_ReturnsEveryEvent()
    {
        await using var database = await TestDatabase.CreateAsync();
        var run = await database.CreateRunAsync((await database.AddLabAsync()).Id);
        var events = Events(run.Id, database.Time.GetUtcNow(), 1, 200);
        await database.Events.AppendAsync(events, database.Token);

        await database.RestartAsync();
        var read = await database.Events.ReadAsync(run.Id, 0, 1000, database.Token);

        Assert.Equal(events, read);
        Assert.Equal(200, await database.Events.GetLastSequenceAsync(run.Id, database.Token));
    }

    /// <summary>A mix of every event kind, with and without optional fields.</summary>
    private static List<RunEvent> Events(Guid runId, DateTimeOffset start, long firstSequence, int count) =>
        [.. Enumerable.Range(0, count).Select(i =>
        {
            var sequence = firstSequence + i;
            var at = start.AddMilliseconds(sequence);
            return (sequence % 4) switch
            {
                0 => new RunEvent(runId, sequence, at, RunEventKind.RunStatusChanged, null, "run active", RunStatus: RunStatus.Active),
                1 => new RunEvent(runId, sequence, at, RunEventKind.StepStatusChanged, StepKind.Cluster, "applying", StepStatus: StepStatus.Applying),
                2 => new RunEvent(runId, sequence, at, RunEventKind.Log, StepKind.WorkerVms, $"line {sequence} ✓", RunLogLevel.Command),
                _ => new RunEvent(
                    runId, sequence, at, RunEventKind.Throughput, StepKind.DpdkTest, "stats", RunLogLevel.Output,
                    Sample: new ThroughputSample(1, sequence, sequence, 64 * sequence, 64 * sequence, 0, 0, 0, 1000, 1000, 64_000, 64_000)),
            };
        })];
}
