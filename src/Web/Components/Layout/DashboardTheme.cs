using MudBlazor;

namespace VirtSriov.Web.Components.Layout;

/// <summary>
/// MudBlazor's palette with the status colours darkened so that text in them (chips, outlined buttons, captions) has at
/// least 4.5:1 contrast on white (WCAG AA); the defaults (e.g. warning #ff9800, info #2196f3) have 2–3:1.
/// </summary>
public static class DashboardTheme
{
    public static MudTheme Instance { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Secondary = "#c2185b",
            Info = "#1565c0",
            Success = "#2e7d32",
            Warning = "#9a5800",
            Error = "#c62828",
        },
    };
}
