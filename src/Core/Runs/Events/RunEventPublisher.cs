using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Runs.Events;

/// <summary>
/// Numbers every event of a run (1, 2, 3…), appends events to the store in batches, and broadcasts each batch
/// only after it is stored. Publishing never blocks the step that logs.
/// </summary>
public sealed partial class RunEventPublisher : IAsyncDisposable
{
    private const int MaxBatch = 2_000;
    private readonly IRunEventStore _store;
    private readonly RunEventBroadcaster _broadcaster;
    private readonly TimeProvider _time;
    private readonly ILogger<RunEventPublisher> _logger;
    private readonly Channel<RunEvent> _queue = Channel.CreateUnbounded<RunEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<Guid, StrongBox<long>> _sequences = new();
    private readonly Lock _flushLock = new();
    private readonly List<(long Target, TaskCompletionSource Done)> _flushWaiters = [];
    private readonly Task _writer;
    private long _enqueued;
    private long _stored;

    public RunEventPublisher(IRunEventStore store, RunEventBroadcaster broadcaster, TimeProvider time, ILogger<RunEventPublisher> logger)
    {
        _store = store;
        _broadcaster = broadcaster;
        _time = time;
        _logger = logger;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>The node rows of the pool rollouts steps follow (live only, not stored).</summary>
    public RolloutBoard Rollouts { get; } = new();

    /// <summary>Loads the run's last stored sequence so numbering continues after a restart. Call before publishing.</summary>
    public async Task OpenAsync(Guid runId, CancellationToken cancellationToken)
    {
        if (!_sequences.ContainsKey(runId))
        {
            var last = await _store.GetLastSequenceAsync(runId, cancellationToken).ConfigureAwait(false);
            _sequences.TryAdd(runId, new StrongBox<long>(last));
        }
    }

    public RunEvent Publish(Guid runId, RunEventKind kind, StepKind? step, string text, RunLogLevel level = RunLogLevel.Info,
        StepStatus? stepStatus = null, RunStatus? runStatus = null, ThroughputSample? sample = null)
    {
        var counter = _sequences.GetValueOrDefault(runId)
            ?? throw new InvalidOperationException($"Run {runId} was not opened for publishing.");
        RunEvent e;
        lock (counter)
        {
            // Numbering and enqueueing under one lock keeps the queue in sequence order per run.
            e = new RunEvent(runId, ++counter.Value, _time.GetUtcNow(), kind, step, text, level, stepStatus, runStatus, sample);
            Interlocked.Increment(ref _enqueued);
            _queue.Writer.TryWrite(e);
        }

        return e;
    }

    /// <summary>Completes when every event published before the call is stored and broadcast.</summary>
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        var target = Interlocked.Read(ref _enqueued);
        lock (_flushLock)
        {
            if (Interlocked.Read(ref _stored) >= target)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _flushWaiters.Add((target, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<RunEvent>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var e))
            {
                batch.Add(e);
            }

            await StoreWithRetryAsync(batch).ConfigureAwait(false);
            _broadcaster.Broadcast(batch);
            MarkStored(batch.Count);
            batch = new List<RunEvent>(MaxBatch);
        }
    }

    private async Task StoreWithRetryAsync(List<RunEvent> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _store.AppendAsync(batch, CancellationToken.None).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // History must not be lost: keep the batch and retry with a growing pause.
                LogAppendFailed(e, batch.Count, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5_000, 100 * attempt)), _time).ConfigureAwait(false);
            }
        }
    }

    private void MarkStored(int count)
    {
        var stored = Interlocked.Add(ref _stored, count);
        lock (_flushLock)
        {
            for (var i = _flushWaiters.Count - 1; i >= 0; i--)
            {
                if (_flushWaiters[i].Target <= stored)
                {
                    _flushWaiters[i].Done.TrySetResult();
                    _flushWaiters.RemoveAt(i);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Storing {Count} run events failed (attempt {Attempt}); retrying")]
    private partial void LogAppendFailed(Exception exception, int count, int attempt);
}
