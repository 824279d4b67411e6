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
    public async Task LoadAsync_RunLongerThanTheLoadBound_LoadsOnlyTheNewestEventsAndSaysHowManyAreLeftOut()
    {
        var store = new InMemoryRunEventStore();
        await store.AppendAsync([.. Enumerable.Range(1, RunLiveState.MaxLoadedEvents + 7).Select(i => Log(i))], TestContext.Current.CancellationToken);
        var state = new RunLiveState();

        await state.LoadAsync(store, Run, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(
            (7L, 8L, RunLiveState.MaxLoadedEvents + 7L, RunLiveState.MaxLoadedEvents, 0L),
            (state.NotLoaded, state.Log[0].Sequence, state.LastSequence, state.Received, state.Missed));
    }

    private static RunEvent Log(long sequence) => new(Run, sequence, DateTimeOffset.UnixEpoch, RunEventKind.Log, null, $"line {sequence}");
}
