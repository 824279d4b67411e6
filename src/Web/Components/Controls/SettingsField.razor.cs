using Microsoft.AspNetCore.Components;

namespace VirtSriov.Web.Components.Controls;

/// <summary>One run setting in the form's grid: marks it with <c>data-field</c> and hands its input the engine's error for it.</summary>
public sealed partial class SettingsField
{
    /// <summary>The errors of the whole form, cascaded by <see cref="RunSettingsForm"/>.</summary>
    [CascadingParameter]
    public FieldErrors Errors { get; set; } = FieldErrors.None;

    /// <summary>The settings property this field edits (the name errors are reported under).</summary>
    [Parameter, EditorRequired]
    public string Name { get; set; } = "";

    /// <summary>Grid columns on phones.</summary>
    [Parameter]
    public int Xs { get; set; } = 12;

    /// <summary>Grid columns from small screens up.</summary>
    [Parameter]
    public int Sm { get; set; } = 12;

    /// <summary>The input, given the field's error state.</summary>
    [Parameter, EditorRequired]
    public RenderFragment<SettingsFieldState> ChildContent { get; set; } = default!;
}
