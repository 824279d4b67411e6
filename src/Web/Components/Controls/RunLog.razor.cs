using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;

namespace VirtSriov.Web.Components.Controls;

/// <summary>
/// A run's log (lines, commands, output, status changes), virtualized so long testpmd output stays cheap. It follows
/// the newest line unless the reader scrolls up (js/runlog.js); long lines wrap.
/// </summary>
public sealed partial class RunLog
{
    private ICollection<RunEvent> _items = [];
    private ElementReference _log;

    [Inject]
    public required IJSRuntime Js { get; init; }

    /// <summary>Events to show, oldest first.</summary>
    [Parameter, EditorRequired]
    public IReadOnlyList<RunEvent> Events { get; set; } = [];

    protected override void OnParametersSet() =>
        _items = Events as ICollection<RunEvent> ?? [.. Events];

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            await Js.InvokeVoidAsync("virtSriov.followLog", _log);
        }
    }

    private static string LevelClass(RunEvent e) => e.Kind == RunEventKind.Log ? e.Level.ToString().ToLowerInvariant() : "status";

    private static string LineText(RunEvent e) => e.Kind switch
    {
        RunEventKind.StepStatusChanged when string.IsNullOrEmpty(e.Text) => $"step {e.StepStatus}",
        RunEventKind.RunStatusChanged when string.IsNullOrEmpty(e.Text) => $"run {e.RunStatus}",
        RunEventKind.Log when e.Level == RunLogLevel.Command => "$ " + e.Text,
        _ => e.Text,
    };
}
