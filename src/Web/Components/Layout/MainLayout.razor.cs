using Microsoft.AspNetCore.Components;
using MudBlazor;
using VirtSriov.Web.Live;

namespace VirtSriov.Web.Components.Layout;

/// <summary>
/// The app bar (its page links fold into a menu below the md breakpoint) and the theme, dark when the browser prefers
/// it until the operator toggles it.
/// </summary>
public sealed partial class MainLayout : IDisposable
{
    private static readonly (string Href, string Title)[] Pages =
    [
        ("/", "Overview"), ("/runs/new", "New run"), ("/history", "History"), ("/audit", "Audit"), ("/labs", "Labs"), ("/hypervisors", "Hypervisors"), ("/tokens", "Tokens"),
    ];

    private MudThemeProvider? _theme;
    private bool _darkMode;
    private bool _toggled;

    [Inject]
    public required LabBanner Banner { get; init; }

    public void Dispose() => Banner.Changed -= OnBannerChanged;

    protected override void OnInitialized() => Banner.Changed += OnBannerChanged;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && _theme is not null)
        {
            _darkMode = await _theme.GetSystemDarkModeAsync();
            await _theme.WatchSystemDarkModeAsync(OnSystemDarkModeChanged);
            StateHasChanged();
        }
    }

    private Task OnSystemDarkModeChanged(bool dark)
    {
        if (!_toggled)
        {
            _darkMode = dark;
            StateHasChanged();
        }

        return Task.CompletedTask;
    }

    private void ToggleDarkMode()
    {
        _toggled = true;
        _darkMode = !_darkMode;
    }

    private void OnBannerChanged() => _ = InvokeAsync(StateHasChanged);
}
