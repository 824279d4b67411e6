using Microsoft.AspNetCore.Components;
using VirtSriov.Core.Labs;

namespace VirtSriov.Web.Components.Pages;

/// <summary>The hypervisors overview (#15): one card per host lab, asked after the page shows (each host is a connection).</summary>
public sealed partial class Hypervisors
{
    private IReadOnlyList<HypervisorStatus>? _hypervisors;
    private bool _loading = true;

    [Inject]
    public required HypervisorOverview Overview { get; init; }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            await LoadAsync();
        }
    }

    private async Task LoadAsync()
    {
        _loading = true;
        await InvokeAsync(StateHasChanged);
        _hypervisors = await Overview.ListAsync(PageClosed);
        _loading = false;
        await InvokeAsync(StateHasChanged);
    }
}
