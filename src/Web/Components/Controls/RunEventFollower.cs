using System.Threading.Channels;
using Microsoft.AspNetCore.Components;
using VirtSriov.Core.Runs.Events;

namespace VirtSriov.Web.Components.Controls;

/// <summary>
/// Markup-less: follows a run's events from the feed after the first render and hands them to
/// <see cref="OnEvents"/> in batches, at most one batch per <see cref="RedrawInterval"/> (≤ 4 redraws a second
/// however fast events come). The loop is cancelled and awaited on dispose.
/// </summary>
public sealed class RunEventFollower : ComponentBase, IAsyncDisposable
{
    public static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(250);

    private CancellationTokenSource? _stop;
    private Task? _loop;
    private Guid _following;

    [Inject]
    public required IRunEventFeed Feed { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    /// <summary>The run to follow.</summary>
    [Parameter, EditorRequired]
    public Guid RunId { get; set; }

    /// <summary>Events up to this sequence are already known and are not replayed.</summary>
    [Parameter]
    public long AfterSequence { get; set; }

    /// <summary>Receives each batch of events, in sequence order, on the renderer's context.</summary>
    [Parameter]
    public EventCallback<IReadOnlyList<RunEvent>> OnEvents { get; set; }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_following == RunId)
        {
            return;
        }

        await StopAsync();
        _following = RunId;
        _stop = new CancellationTokenSource();
        _loop = FollowAsync(RunId, AfterSequence, _stop.Token);
    }

    private async Task StopAsync()
    {
        if (_stop is null || _loop is null)
        {
            return;
        }

        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        _stop = null;
        _loop = null;
    }

    private async Task FollowAsync(Guid runId, long afterSequence, CancellationToken cancellationToken)
    {
        var pending = Channel.CreateUnbounded<RunEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var pump = PumpAsync(runId, afterSequence, pending.Writer, cancellationToken);
        try
        {
            while (await pending.Reader.WaitToReadAsync(cancellationToken))
            {
                var batch = new List<RunEvent>();
                while (pending.Reader.TryRead(out var e))
                {
                    batch.Add(e);
                }

                await InvokeAsync(() => OnEvents.InvokeAsync(batch));
                await Task.Delay(RedrawInterval, Time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Disposed or switched to another run.
        }
        catch (Exception e)
        {
            await DispatchExceptionAsync(e);
        }

        await pump;
    }

    private async Task PumpAsync(Guid runId, long afterSequence, ChannelWriter<RunEvent> writer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var e in Feed.FollowAsync(runId, afterSequence, cancellationToken))
            {
                writer.TryWrite(e);
            }

            writer.TryComplete();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            writer.TryComplete();
        }
        catch (Exception e)
        {
            writer.TryComplete(e);
        }
    }
}
