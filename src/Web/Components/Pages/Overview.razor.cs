using Microsoft.AspNetCore.Components;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Runs;
using VirtSriov.Web.Live;

namespace VirtSriov.Web.Components.Pages;

/// <summary>Labs and the most recent runs.</summary>
public sealed partial class Overview
{
    private IReadOnlyList<LabDefinition> _labs = [];
    private IReadOnlyList<RunSummary> _recent = [];

    [Inject]
    public required ILabStore Labs { get; init; }

    [Inject]
    public required IRunStore Runs { get; init; }

    [Inject]
    public required LabBanner Banner { get; init; }

    protected override async Task OnInitializedAsync()
    {
        Banner.Clear();
        _labs = await Labs.ListAsync(PageClosed);
        _recent = (await Runs.QueryAsync(new RunQuery(PageSize: 10), PageClosed)).Items;
    }
}
