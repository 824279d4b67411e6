using System.Runtime.CompilerServices;

namespace VirtSriov.Core.Runs.Events;

/// <summary>
/// Replay from the store, then live: subscribes before reading the store so nothing falls between the two,
/// skips what was already yielded and fills any gap from the store (events are stored before they are broadcast).
/// </summary>
public sealed class RunEventFeed(IRunEventStore store, RunEventBroadcaster broadcaster) : IRunEventFeed
{
    private const int ReadBatch = 2_000;

    public async IAsyncEnumerable<RunEvent> FollowAsync(
        Guid runId,
        long afterSequence,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var live = broadcaster.Subscribe(runId);
        var last = afterSequence;

        await foreach (var stored in ReadStoredAsync(runId, last, long.MaxValue, cancellationToken).ConfigureAwait(false))
        {
            last = stored.Sequence;
            yield return stored;
        }

        await foreach (var e in live.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (e.Sequence <= last)
            {
                continue;
            }

            if (e.Sequence > last + 1)
            {
                await foreach (var missed in ReadStoredAsync(runId, last, e.Sequence - 1, cancellationToken).ConfigureAwait(false))
                {
                    last = missed.Sequence;
                    yield return missed;
                }
            }

            last = e.Sequence;
            yield return e;
        }
    }

    private async IAsyncEnumerable<RunEvent> ReadStoredAsync(
        Guid runId,
        long after,
        long upTo,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (after < upTo)
        {
            var batch = await store.ReadAsync(runId, after, ReadBatch, cancellationToken).ConfigureAwait(false);
            foreach (var e in batch)
            {
                if (e.Sequence > upTo)
                {
                    yield break;
                }

                after = e.Sequence;
                yield return e;
            }

            if (batch.Count < ReadBatch)
            {
                yield break;
            }
        }
    }
}
