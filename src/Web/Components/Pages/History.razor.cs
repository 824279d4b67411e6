using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.WebUtilities;
using MudBlazor;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;
using VirtSriov.Web.Components.Controls;
using VirtSriov.Web.Live;

namespace VirtSriov.Web.Components.Pages;

/// <summary>
/// All runs, filtered by lab, status and start date, a page at a time, with their DPDK results; exported with the same
/// filters as CSV or JSON; two picked runs compared; an active or interrupted run abandoned after confirmation.
/// </summary>
public sealed partial class History
{
    private const int PageSize = 20;

    private IReadOnlyList<LabDefinition> _labs = [];
    private RunPage _page = new([], 0);
    private Guid? _labId;
    private RunStatus? _status;
    private DateRange? _range;
    private int _pageIndex;
    private readonly List<Guid> _compare = [];
    private RunSummary? _abandoning;
    private ActionableFailure? _failure;
    private bool _busy;

    [Inject]
    public required ILabStore Labs { get; init; }

    [Inject]
    public required IRunStore Runs { get; init; }

    [Inject]
    public required LabBanner Banner { get; init; }

    [Inject]
    public required IRunEngine Engine { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    private bool Filtered => _labId is not null || _status is not null || _range is not null;

    private int PageCount => Math.Max(1, (_page.Total + PageSize - 1) / PageSize);

    protected override async Task OnInitializedAsync()
    {
        Banner.Clear();
        _labs = await Labs.ListAsync(PageClosed);
        await QueryAsync();
    }

    private string LabName(Guid? id) => _labs.FirstOrDefault(l => l.Id == id)?.Name ?? "";

    private Task FilterLabAsync(Guid? labId)
    {
        _labId = labId;
        return FirstPageAsync();
    }

    private Task FilterStatusAsync(RunStatus? status)
    {
        _status = status;
        return FirstPageAsync();
    }

    private Task FilterRangeAsync(DateRange? range)
    {
        _range = range;
        return FirstPageAsync();
    }

    private Task FirstPageAsync()
    {
        _pageIndex = 0;
        return QueryAsync();
    }

    private Task GoToPageAsync(int page)
    {
        _pageIndex = page - 1;
        return QueryAsync();
    }

    private DateTimeOffset? From => _range?.Start is { } start ? new DateTimeOffset(start.Date, TimeSpan.Zero) : null;

    private DateTimeOffset? To => _range?.End is { } end ? new DateTimeOffset(end.Date.AddDays(1), TimeSpan.Zero) : null;

    private async Task QueryAsync() =>
        _page = await Runs.QueryAsync(new RunQuery(_labId, _status, From, To, _pageIndex, PageSize), PageClosed);

    /// <summary>The export API with the filters shown.</summary>
    private string ExportHref(string format)
    {
        var query = new Dictionary<string, string?>
        {
            ["format"] = format,
            ["labId"] = _labId?.ToString(),
            ["status"] = _status?.ToString(),
            ["from"] = From?.ToString("O", CultureInfo.InvariantCulture),
            ["to"] = To?.ToString("O", CultureInfo.InvariantCulture),
        };
        return QueryHelpers.AddQueryString("/api/runs/export", query.Where(p => p.Value is not null));
    }

    private void Pick(Guid runId, bool picked)
    {
        _compare.Remove(runId);
        if (picked && _compare.Count < 2)
        {
            _compare.Add(runId);
        }
    }

    private void Compare() => Navigation.NavigateTo(WizardLinks.Compare(_compare[0], _compare[1]));

    private async Task AbandonAsync()
    {
        _busy = true;
        _failure = null;
        try
        {
            await Engine.AbandonAsync(_abandoning!.Id, PageClosed);
            _abandoning = null;
            await QueryAsync();
        }
        catch (ActionableException e)
        {
            _failure = ActionableFailure.From(e);
        }
        finally
        {
            _busy = false;
        }
    }
}
