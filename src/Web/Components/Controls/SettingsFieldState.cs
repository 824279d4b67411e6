namespace VirtSriov.Web.Components.Controls;

/// <summary>What a settings input shows about its field: the engine's error, if any.</summary>
public sealed record SettingsFieldState(string? Error)
{
    public bool Invalid => Error is not null;
}
