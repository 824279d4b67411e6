using System.Collections.Concurrent;
using System.Threading.Channels;

namespace VirtSriov.Core.Runs.Events;

/// <summary>
/// Fans stored events out to live subscribers of a run. A slow subscriber loses its oldest buffered events
/// rather than holding memory; <see cref="RunEventFeed"/> notices the gap and refills it from the store.
/// </summary>
public sealed class RunEventBroadcaster
{
    private const int SubscriberBuffer = 10_000;
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Channel<RunEvent>, byte>> _subscribers = new();

    public Subscription Subscribe(Guid runId)
    {
        var channel = Channel.CreateBounded<RunEvent>(new BoundedChannelOptions(SubscriberBuffer)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        _subscribers.GetOrAdd(runId, _ => new()).TryAdd(channel, 0);
        return new Subscription(channel.Reader, () => Unsubscribe(runId, channel));
    }

    public void Broadcast(IReadOnlyList<RunEvent> events)
    {
        foreach (var e in events)
        {
            if (_subscribers.TryGetValue(e.RunId, out var channels))
            {
                foreach (var channel in channels.Keys)
                {
                    channel.Writer.TryWrite(e);
                }
            }
        }
    }

    private void Unsubscribe(Guid runId, Channel<RunEvent> channel)
    {
        channel.Writer.TryComplete();
        if (_subscribers.TryGetValue(runId, out var channels))
        {
            channels.TryRemove(channel, out _);
        }
    }

    /// <summary>Live events of one run until disposed.</summary>
    public sealed class Subscription(ChannelReader<RunEvent> reader, Action unsubscribe) : IDisposable
    {
        public ChannelReader<RunEvent> Reader { get; } = reader;

        public void Dispose() => unsubscribe();
    }
}
