using Microsoft.AspNetCore.Components;

namespace VirtSriov.Web.Components.Controls;

/// <summary>A unified diff with added lines in green, removed lines in red and hunk headers set apart.</summary>
public sealed partial class DiffView
{
    private IReadOnlyList<DiffLine> _lines = [];

    /// <summary>The unified diff (<c>---</c>/<c>+++</c> headers, <c>@@</c> hunks); empty shows "No differences".</summary>
    [Parameter, EditorRequired]
    public string Text { get; set; } = "";

    /// <summary>Accessible name of the diff, e.g. the file it belongs to.</summary>
    [Parameter]
    public string Label { get; set; } = "Diff";

    protected override void OnParametersSet() =>
        _lines = Text.Length == 0 ? [] : Text.TrimEnd('\n').Split('\n').Select(l => new DiffLine(KindOf(l), l)).ToList();

    private static string KindOf(string line) => line switch
    {
        _ when line.StartsWith("+++", StringComparison.Ordinal) || line.StartsWith("---", StringComparison.Ordinal) => "header",
        _ when line.StartsWith("@@", StringComparison.Ordinal) => "hunk",
        _ when line.StartsWith('+') => "added",
        _ when line.StartsWith('-') => "removed",
        _ => "context",
    };

    private sealed record DiffLine(string Kind, string Text);
}
