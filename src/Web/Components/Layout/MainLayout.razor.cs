using Microsoft.AspNetCore.Components;
using VirtSriov.Web.Live;

namespace VirtSriov.Web.Components.Layout;

public sealed partial class MainLayout : IDisposable
{
    [Inject]
    public required LabBanner Banner { get; init; }

    public void Dispose() => Banner.Changed -= OnBannerChanged;

    protected override void OnInitialized() => Banner.Changed += OnBannerChanged;

    private void OnBannerChanged() => _ = InvokeAsync(StateHasChanged);
}
