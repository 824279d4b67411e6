using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using VirtSriov.Core.Steps;

namespace VirtSriov.Web.Components.Controls;

/// <summary>Shows a generated file with a copy button (browser clipboard) and a download link.</summary>
public sealed partial class CodeViewer
{
    private bool _copied;

    [Inject]
    public required IJSRuntime JS { get; init; }

    /// <summary>The file to show.</summary>
    [Parameter, EditorRequired]
    public PlanArtifact Artifact { get; set; } = default!;

    /// <summary>Where the stored copy downloads from (<c>/api/artifacts/{id}</c>); without it the content is offered inline.</summary>
    [Parameter]
    public string? DownloadUrl { get; set; }

    private string DownloadHref => DownloadUrl ?? "data:text/plain;charset=utf-8," + Uri.EscapeDataString(Artifact.Content);

    protected override void OnParametersSet() => _copied = false;

    private async Task CopyAsync()
    {
        await JS.InvokeVoidAsync("virtSriov.copyText", Artifact.Content);
        _copied = true;
    }
}
