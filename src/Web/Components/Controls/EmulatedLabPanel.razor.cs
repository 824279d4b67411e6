using Microsoft.AspNetCore.Components;
using VirtSriov.Core.Labs.Emulated;
using VirtSriov.Core.Steps;
using VirtSriov.Web.EmulatedLab;

namespace VirtSriov.Web.Components.Controls;

/// <summary>
/// Starts the emulated-hardware lab and follows its guest console live (redrawn a few times a second however fast the
/// console scrolls); links to the imported run when the guest is done. Says what to install when the lab is not prepared.
/// </summary>
public sealed partial class EmulatedLabPanel : IDisposable
{
    private const int ShownLines = 400;
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(250);

    private readonly CancellationTokenSource _closed = new();
    private EmulatedLabReadiness? _readiness;
    private EmulatedLabJob? _job;
    private EmulatedLabJobView? _view;
    private ActionableFailure? _failure;
    private int _vfCount = 7;
    private int _testpmdVfs = 2;
    private int _seconds = 8;
    private bool _starting;
    private int _redrawScheduled;

    [Inject]
    public required IEmulatedLab Lab { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    private bool CanStart => _readiness?.IsReady == true && !_starting && _view?.Status != EmulatedLabJobStatus.Running;

    public void Dispose()
    {
        Follow(null);
        _closed.Cancel();
        _closed.Dispose();
    }

    protected override async Task OnInitializedAsync()
    {
        Follow(Lab.Current);
        _readiness = await Lab.CheckAsync(_closed.Token);
    }

    private async Task StartAsync()
    {
        _starting = true;
        _failure = null;
        try
        {
            var options = new LabRunOptions(LabRunOptions.AutoPf, _vfCount, _testpmdVfs, _seconds, LabRunOptions.NobodyUid, "result.json");
            Follow(await Lab.StartAsync(options, _closed.Token));
        }
        catch (ActionableException e)
        {
            _failure = ActionableFailure.From(e);
        }
        finally
        {
            _starting = false;
        }
    }

    private void Follow(EmulatedLabJob? job)
    {
        if (_job is not null)
        {
            _job.Changed -= OnJobChanged;
        }

        _job = job;
        _view = job?.Snapshot();
        if (job is not null)
        {
            job.Changed += OnJobChanged;
        }
    }

    /// <summary>Runs on the job's thread: at most one redraw per interval, with the latest state.</summary>
    private void OnJobChanged()
    {
        if (Interlocked.Exchange(ref _redrawScheduled, 1) == 1)
        {
            return;
        }

        _ = RedrawSoonAsync();
    }

    private async Task RedrawSoonAsync()
    {
        try
        {
            await Task.Delay(RedrawInterval, Time, _closed.Token);
            Interlocked.Exchange(ref _redrawScheduled, 0);
            await InvokeAsync(() =>
            {
                _view = _job?.Snapshot();
                StateHasChanged();
            });
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // The page went away.
        }
    }
}
