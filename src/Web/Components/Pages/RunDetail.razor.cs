using Microsoft.AspNetCore.Components;
using VirtSriov.Core.Kcli;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;
using VirtSriov.Web.Components.Controls;
using VirtSriov.Web.Live;

namespace VirtSriov.Web.Components.Pages;

/// <summary>A run: status, step timeline, log, artifacts and throughput (stored history, then live).</summary>
public sealed partial class RunDetail
{
    private readonly RunLiveState _live = new();
    private RunRecord? _run;
    private IReadOnlyList<ArtifactInfo> _artifacts = [];
    private ActionableFailure? _failure;
    private bool _notFound;
    private bool _historyLoaded;
    private bool _loadingOlder;

    [Inject]
    public required IRunEngine Engine { get; init; }

    [Inject]
    public required IRunStore Runs { get; init; }

    [Inject]
    public required IRunEventStore Events { get; init; }

    [Inject]
    public required LabBanner Banner { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    /// <summary>The run shown.</summary>
    [Parameter]
    public Guid RunId { get; set; }

    private bool _confirmTeardown;

    private bool _tearingDown;

    private bool _deleteKcliCluster;

    /// <summary>The run deployed its cluster with kcli: teardown offers (never assumes) deleting it.</summary>
    private bool DeployedKcliCluster => _artifacts.Any(a => a.Step == StepKind.Cluster && a.Name == KcliDeployer.DeploymentRecordName);

    /// <summary>Resume a stopped setup, or rebuild a torn-down run; never after a failed teardown, which is torn down again.</summary>
    private bool CanResume => _run switch
    {
        { Teardown: RunTeardown.TornDown } => true,
        { Teardown: null, Status: RunStatus.Interrupted or RunStatus.Failed or RunStatus.Cancelled } => true,
        _ => false,
    };

    private bool CanTearDown => _run is { Teardown: not RunTeardown.TornDown } run && run.Steps.Any(s => s.Status is not (StepStatus.Pending or StepStatus.TornDown));

    private string TeardownLabel => _run?.Teardown == RunTeardown.Failed ? "Tear down again" : "Tear down";

    protected override async Task OnParametersSetAsync()
    {
        await ReloadAsync();
        _notFound = _run is null;
        if (_run is null)
        {
            return;
        }

        Banner.Show(_run.LabName, _run.LabSimulated);
        await _live.LoadAsync(Events, RunId, PageClosed);
        _historyLoaded = true;
    }

    private async Task ReloadAsync()
    {
        _run = await Runs.GetAsync(RunId, PageClosed);
        _artifacts = _run is null ? [] : await Runs.ListArtifactsAsync(RunId, PageClosed);
    }

    private async Task LoadOlderAsync()
    {
        _loadingOlder = true;
        try
        {
            await _live.LoadOlderAsync(Events, RunId, PageClosed);
        }
        finally
        {
            _loadingOlder = false;
        }
    }

    private async Task OnEventsAsync(IReadOnlyList<RunEvent> batch)
    {
        if (_live.Apply(batch))
        {
            await ReloadAsync();
        }
    }

    private async Task ResumeAsync()
    {
        _failure = null;
        try
        {
            await Engine.ResumeAsync(RunId, PageClosed);
            await ReloadAsync();
            if (_run?.NextStep is { } next)
            {
                Navigation.NavigateTo(WizardLinks.Step(RunId, next));
            }
        }
        catch (ActionableException e)
        {
            _failure = ActionableFailure.From(e);
        }
    }

    private async Task TeardownAsync()
    {
        _failure = null;
        _tearingDown = true;
        try
        {
            _run = await Engine.TeardownAsync(RunId, new TeardownOptions(_deleteKcliCluster), PageClosed);
        }
        catch (ActionableException e)
        {
            _failure = ActionableFailure.From(e);
        }
        finally
        {
            _tearingDown = false;
            _confirmTeardown = false;
        }
    }
}
