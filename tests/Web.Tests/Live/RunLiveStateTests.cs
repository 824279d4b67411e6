using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Runs.Events;
using VirtSriov.TestDoubles;
using VirtSriov.Web.Live;

namespace VirtSriov.Web.Tests.Live;

public sealed class RunLiveStateTests
{
    private static readonly Guid Run = Guid.NewGuid();

    [Fact]
    public void Apply_OverlappingAndGappedBatches_CountsEachEventOnceAndTheMissingOnes()
    {
        var state = new RunLiveState();

        state.Apply([Log(1), Log(2), Log(3)]);
        state.Apply([Log(2), Log(3), Log(4)]);
        state.Apply([Log(7)]);

        Assert.Equal(
            (5, 2, 2L, 7L),
            (state.Received, state.Repeated, state.Missed, state.LastSequence));
        Assert.Equal([1L, 2, 3, 4, 7], state.Log.Select(e => e.Sequence));
    }

    [Fact]
    public async Task LoadAsync_RunLongerThanOneLogPage_LoadsTheNewestPageAndLoadOlderReadsTheRest()
    {
        var store = new InMemoryRunEventStore();
        await store.AppendAsync([.. Enumerable.Range(1, RunLiveState.LogPageSize + 7).Select(i => Log(i))], TestContext.Current.CancellationToken);
        var state = new RunLiveState();

        await state.LoadAsync(store, Run, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        var opened = (state.HasOlder, state.Log[0].Sequence, state.LastSequence, state.Received, state.Missed);
        var found = await state.LoadOlderAsync(store, Run, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal((true, 8L, RunLiveState.LogPageSize + 7L, RunLiveState.LogPageSize, 0L), opened);
        Assert.Equal((true, false), (found, state.HasOlder));
        Assert.Equal(Enumerable.Range(1, RunLiveState.LogPageSize + 7).Select(i => (long)i), state.Log.Select(e => e.Sequence));
    }

    [Fact]
    public async Task LoadAsync_SamplesOlderThanALogPage_TheChartStillGetsTheNewestSamples()
    {
        var store = new InMemoryRunEventStore();
        await store.AppendAsync([.. Enumerable.Range(1, 1300).Select(i => Sample(i))], TestContext.Current.CancellationToken);
        await store.AppendAsync([.. Enumerable.Range(1301, RunLiveState.LogPageSize).Select(i => Log(i))], TestContext.Current.CancellationToken);
        var state = new RunLiveState(maxThroughputPoints: 1200);

        await state.LoadAsync(store, Run, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal((101L, 1300L, 1200), (state.Throughput[0].Sequence, state.Throughput[^1].Sequence, state.Throughput.Count));
        Assert.Equal((1301L, RunLiveState.LogPageSize + 1300L, false), (state.Log[0].Sequence, state.LastSequence, state.HasOlder));
    }

    private static RunEvent Log(long sequence) => new(Run, sequence, DateTimeOffset.UnixEpoch, RunEventKind.Log, null, $"line {sequence}");

    private static RunEvent Sample(long sequence) => new(Run, sequence, DateTimeOffset.UnixEpoch, RunEventKind.Throughput, null, "port 0",
        Sample: new ThroughputSample(0, sequence, sequence, 64 * sequence, 64 * sequence, 0, 0, 0, 1000, 1000, 64_000, 64_000));
}
