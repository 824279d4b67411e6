using Microsoft.AspNetCore.Components;
using VirtSriov.Core.Audit;
using VirtSriov.Web.Live;

namespace VirtSriov.Web.Components.Pages;

/// <summary>The audit trail of the dashboard's root-level actions.</summary>
public sealed partial class Audit
{
    private const int MaxEntries = 500;

    private IReadOnlyList<AuditEntry> _entries = [];

    [Inject]
    public required IAuditLog Log { get; init; }

    [Inject]
    public required LabBanner Banner { get; init; }

    protected override async Task OnInitializedAsync()
    {
        Banner.Clear();
        _entries = await Log.RecentAsync(MaxEntries, PageClosed);
    }
}
