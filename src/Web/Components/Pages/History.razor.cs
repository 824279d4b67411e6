using Microsoft.AspNetCore.Components;
using MudBlazor;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Runs;
using VirtSriov.Web.Live;

namespace VirtSriov.Web.Components.Pages;

/// <summary>All runs, filtered by lab, status and start date, a page at a time.</summary>
public sealed partial class History
{
    private const int PageSize = 20;

    private IReadOnlyList<LabDefinition> _labs = [];
    private RunPage _page = new([], 0);
    private Guid? _labId;
    private RunStatus? _status;
    private DateRange? _range;
    private int _pageIndex;

    [Inject]
    public required ILabStore Labs { get; init; }

    [Inject]
    public required IRunStore Runs { get; init; }

    [Inject]
    public required LabBanner Banner { get; init; }

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

    private async Task QueryAsync()
    {
        DateTimeOffset? from = _range?.Start is { } start ? new DateTimeOffset(start.Date, TimeSpan.Zero) : null;
        DateTimeOffset? to = _range?.End is { } end ? new DateTimeOffset(end.Date.AddDays(1), TimeSpan.Zero) : null;
        _page = await Runs.QueryAsync(new RunQuery(_labId, _status, from, to, _pageIndex, PageSize), PageClosed);
    }
}
