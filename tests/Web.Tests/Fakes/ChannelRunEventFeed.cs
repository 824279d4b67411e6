using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using VirtSriov.Core.Runs.Events;

namespace VirtSriov.Web.Tests.Fakes;

/// <summary>A feed the test writes into: whatever is written after subscription is yielded (filtered by run and sequence).</summary>
public sealed class ChannelRunEventFeed : IRunEventFeed
{
    private readonly Channel<RunEvent> _events = Channel.CreateUnbounded<RunEvent>();

    public ChannelWriter<RunEvent> Writer => _events.Writer;

    /// <summary>The sequence after which each follower asked to start.</summary>
    public ConcurrentQueue<long> FollowedAfter { get; } = new();

    public async IAsyncEnumerable<RunEvent> FollowAsync(Guid runId, long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        FollowedAfter.Enqueue(afterSequence);
        await foreach (var e in _events.Reader.ReadAllAsync(cancellationToken))
        {
            if (e.RunId == runId && e.Sequence > afterSequence)
            {
                yield return e;
            }
        }
    }
}
