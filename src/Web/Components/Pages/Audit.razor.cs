using Microsoft.AspNetCore.Components;
using VirtSriov.Core.Audit;
using VirtSriov.Web.Live;

namespace VirtSriov.Web.Components.Pages;

/// <summary>The audit trail of the dashboard's root-level actions, filtered by operator and action, a page at a time.</summary>
public sealed partial class Audit
{
    private const int PageSize = 50;

    private AuditPage _page = new([], 0);
    private string? _user;
    private string? _action;
    private int _pageIndex;

    [Inject]
    public required IAuditLog Log { get; init; }

    [Inject]
    public required LabBanner Banner { get; init; }

    private int PageCount => Math.Max(1, (_page.Total + PageSize - 1) / PageSize);

    protected override async Task OnInitializedAsync()
    {
        Banner.Clear();
        await QueryAsync();
    }

    private Task FilterUserAsync(string? user)
    {
        _user = string.IsNullOrWhiteSpace(user) ? null : user.Trim();
        _pageIndex = 0;
        return QueryAsync();
    }

    private Task FilterActionAsync(string? action)
    {
        _action = string.IsNullOrWhiteSpace(action) ? null : action.Trim();
        _pageIndex = 0;
        return QueryAsync();
    }

    private Task GoToPageAsync(int page)
    {
        _pageIndex = page - 1;
        return QueryAsync();
    }

    private async Task QueryAsync() =>
        _page = await Log.QueryAsync(new AuditQuery(_user, _action, _pageIndex, PageSize), PageClosed);
}
