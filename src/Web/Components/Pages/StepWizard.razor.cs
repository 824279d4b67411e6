using Microsoft.AspNetCore.Components;
using VirtSriov.Core.Cluster;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;
using VirtSriov.Web.Components.Controls;
using VirtSriov.Web.Live;

namespace VirtSriov.Web.Components.Pages;

/// <summary>
/// One wizard step: inspect (findings), plan (changes and files), apply with the live log, or run all remaining steps.
/// Apply is refused while an Error finding stands, and asks first when the plan interrupts something (VMs, nodes).
/// While a step applies the status shows how long it has been applying and, for Node tuning, where each node of the rollout stands.
/// </summary>
public sealed partial class StepWizard
{
    private const int LogTab = 2;

    private readonly RunLiveState _live = new();
    private RunRecord? _run;
    private IRunStep? _step;
    private IReadOnlyList<ArtifactInfo> _artifacts = [];
    private ActionableFailure? _failure;
    private bool _notFound;
    private bool _working;
    private int _tab;
    private Consent _consent;
    private bool _runningRemaining;
    private DateTimeOffset? _applyingSince;
    private ITimer? _ticker;
    private IReadOnlyList<NodeRolloutRow> _rollout = [];

    private enum Consent
    {
        None,
        Apply,
        RunRemaining,
    }

    [Inject]
    public required IRunEngine Engine { get; init; }

    [Inject]
    public required IRunStore Runs { get; init; }

    [Inject]
    public required LabBanner Banner { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    [Inject]
    public required RolloutBoard Rollouts { get; init; }

    /// <summary>The run being walked through.</summary>
    [Parameter]
    public Guid RunId { get; set; }

    /// <summary>The step's name (<see cref="StepKind"/>), e.g. <c>VirtualFunctions</c>.</summary>
    [Parameter]
    public string Step { get; set; } = "";

    private StepRunRecord Record => _run!.Step(_step!.Kind);

    /// <summary>The steps of the run's profile, in order.</summary>
    private IReadOnlyList<IRunStep> Steps => _run is null ? [] : Engine.StepsOf(_run.Settings.RunProfile);

    private bool RunActive => _run?.Status == RunStatus.Active;

    private bool Busy => _working || Record.Status == StepStatus.Applying;

    private bool HasErrorFindings => Record.Findings.Any(f => f.Severity == FindingSeverity.Error);

    private bool CanApply => RunActive && !Busy && !HasErrorFindings;

    private int? ErrorBadge => Record.Findings.Count(f => f.Severity == FindingSeverity.Error) is > 0 and var n ? n : null;

    /// <summary>Applying from the click on, not only once the stored record says so.</summary>
    private StepStatus ShownStatus => ApplyingSince is null ? Record.Status : StepStatus.Applying;

    private DateTimeOffset? ApplyingSince => _applyingSince ?? (Record.Status == StepStatus.Applying ? Record.StartedAt : null);

    private TimeSpan? Elapsed => ApplyingSince is { } since ? Time.GetUtcNow() - since : null;

    private string? UnplannedNote => _run!.Steps.Where(s => s.Status != StepStatus.Succeeded && s.Plan is null).Select(s => s.Step.DisplayName()).ToList() is { Count: > 0 } unplanned
        ? $"Not planned yet: {string.Join(", ", unplanned)}. Their plans are made as they run, and they apply without asking again."
        : null;

        private string? PreviousHref => Neighbour(-1);

    private string? NextHref => Neighbour(+1);

    protected override async Task OnParametersSetAsync()
    {
        _failure = null;
        await ReloadAsync();
        _step = _run is not null && Enum.TryParse<StepKind>(Step, ignoreCase: true, out var kind) ? Steps.FirstOrDefault(s => s.Kind == kind) : null;
        _notFound = _run is null || _step is null;
        if (_notFound)
        {
            return;
        }

        Banner.Show(_run!.LabName, _run.LabSimulated);
        _rollout = Rollouts.Rows(RunId);
        FollowProgress();

        // Inspect and plan only once interactive: prerendering would run them a second time.
        if (RendererInfo.IsInteractive && RunActive && Record.Status == StepStatus.Pending)
        {
            await InspectAsync();
            if (!HasErrorFindings && _failure is null)
            {
                await PlanAsync();
            }
        }
    }

    private async Task ReloadAsync()
    {
        _run = await Runs.GetAsync(RunId, PageClosed);
        _artifacts = _run is null ? [] : await Runs.ListArtifactsAsync(RunId, PageClosed);
    }

    private async Task OnEventsAsync(IReadOnlyList<RunEvent> batch)
    {
        if (_live.Apply(batch) && (!_working || _runningRemaining))
        {
            await ReloadAsync();
            FollowProgress();
        }
    }

    /// <summary>Redraws every second while the step applies (elapsed time, rollout rows); stops when it no longer does.</summary>
    private void FollowProgress()
    {
        if (ApplyingSince is null || !RendererInfo.IsInteractive)
        {
            _ticker?.Dispose();
            _ticker = null;
            return;
        }

        _ticker ??= Time.CreateTimer(_ => _ = InvokeAsync(Tick), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    private void Tick()
    {
        _rollout = Rollouts.Rows(RunId);
        StateHasChanged();
    }

    private Task AskApply()
    {
        if (ConsentItem.ForApply(Record.Plan).Count == 0)
        {
            return ApplyAsync();
        }

        _consent = Consent.Apply;
        return Task.CompletedTask;
    }

    private void AskRunRemaining() => _consent = Consent.RunRemaining;

    private Task InspectAsync() => WorkAsync(() => Engine.InspectAsync(RunId, _step!.Kind, PageClosed));

    private Task PlanAsync() => WorkAsync(() => Engine.PlanAsync(RunId, _step!.Kind, PageClosed));

    private async Task ApplyAsync()
    {
        _consent = Consent.None;
        _tab = LogTab;
        _applyingSince = Time.GetUtcNow();
        FollowProgress();
        try
        {
            await WorkAsync(() => Engine.ApplyAsync(RunId, _step!.Kind, PageClosed));
        }
        finally
        {
            _applyingSince = null;
            _rollout = Rollouts.Rows(RunId);
            FollowProgress();
        }
    }

    private async Task RunRemainingAsync()
    {
        _consent = Consent.None;
        _tab = LogTab;
        _runningRemaining = true;
        try
        {
            await WorkAsync(() => Engine.RunRemainingAsync(RunId, PageClosed));
        }
        finally
        {
            _runningRemaining = false;
            FollowProgress();
        }
    }

    private async Task CancelAsync()
    {
        await Engine.CancelAsync(RunId);
        await ReloadAsync();
    }

    /// <summary>Runs an engine call, shows an actionable error if it throws one, then reloads the stored state.</summary>
    private async Task WorkAsync(Func<Task> call)
    {
        _working = true;
        _failure = null;
        try
        {
            await call();
        }
        catch (ActionableException e)
        {
            _failure = ActionableFailure.From(e);
        }
        catch (OperationCanceledException) when (PageClosed.IsCancellationRequested)
        {
            return;
        }
        finally
        {
            _working = false;
        }

        await ReloadAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _ticker?.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>The step's number in the run's profile (1-based).</summary>
    private int Position(IRunStep step) => Steps.Select(s => s.Kind).ToList().IndexOf(step.Kind) + 1;

    private string? Neighbour(int offset)
    {
        if (_step is null)
        {
            return null;
        }

        var kinds = Steps.Select(s => s.Kind).ToList();
        var index = kinds.IndexOf(_step.Kind) + offset;
        return index >= 0 && index < kinds.Count ? WizardLinks.Step(RunId, kinds[index]) : null;
    }
}
