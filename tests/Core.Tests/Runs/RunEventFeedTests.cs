using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Tests.Runs;

public sealed class RunEventFeedTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FollowAsync_AfterSequenceN_ReplaysStoredThenLiveWithoutGapsOrDuplicates()
    {
        await using var h = new EngineHarness();
        var runId = Guid.NewGuid();
        await h.Publisher.OpenAsync(runId, Ct);
        for (var i = 0; i < 500; i++)
        {
            h.Publisher.Publish(runId, RunEventKind.Log, StepKind.Preflight, $"stored {i}");
        }

        await h.Publisher.FlushAsync(Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var seen = new List<long>();

        var follow = Task.Run(async () =>
        {
            await foreach (var e in h.Feed.FollowAsync(runId, 200, timeout.Token))
            {
                seen.Add(e.Sequence);
                if (e.Sequence == 5_000)
                {
                    break;
                }
            }
        }, Ct);
        for (var i = 500; i < 5_000; i++)
        {
            h.Publisher.Publish(runId, RunEventKind.Log, StepKind.Preflight, $"live {i}");
        }

        await follow;

        Assert.Equal(Enumerable.Range(201, 4_800).Select(i => (long)i), seen);
    }

    [Fact]
    public async Task Publish_ManyEvents_StoredInFewerBatchesThanEvents()
    {
        await using var h = new EngineHarness();
        var runId = Guid.NewGuid();
        await h.Publisher.OpenAsync(runId, Ct);

        for (var i = 0; i < 20_000; i++)
        {
            h.Publisher.Publish(runId, RunEventKind.Log, null, "x");
        }

        await h.Publisher.FlushAsync(Ct);

        Assert.Equal(20_000, await h.Events.GetLastSequenceAsync(runId, Ct));
        Assert.True(h.Events.AppendCalls < 20_000, $"expected batching, got {h.Events.AppendCalls} appends");
    }
}
