using Microsoft.AspNetCore.Components;
using VirtSriov.Core.Audit;
using VirtSriov.Core.Host.Persistence;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;

namespace VirtSriov.Web.Components.Controls;

/// <summary>"Reboot host and check" on a run: names what the reboot interrupts, reboots once confirmed (audited) and shows the comparison.</summary>
public sealed partial class RebootCheckPanel : IDisposable
{
    private readonly CancellationTokenSource _closed = new();
    private string? _interruptions;
    private RebootCheckReport? _report;
    private ActionableFailure? _failure;
    private bool _busy;

    /// <summary>The run whose hypervisor is rebooted.</summary>
    [Parameter]
    [EditorRequired]
    public Guid RunId { get; set; }

    [Inject]
    public required IRebootAndCheck Reboot { get; init; }

    [Inject]
    public required Auditor Auditor { get; init; }

    public void Dispose()
    {
        _closed.Cancel();
        _closed.Dispose();
    }

    private async Task AskAsync()
    {
        await WorkAsync(async () => _interruptions = await Reboot.InterruptionsAsync(RunId, _closed.Token));
    }

    private async Task RebootAsync()
    {
        await WorkAsync(async () =>
        {
            await Auditor.RecordAsync("run.reboot-check", $"run {RunId}: host rebooted to check its VFs");
            _report = await Reboot.RunAsync(RunId, confirmed: true, _closed.Token);
            _interruptions = null;
            await Auditor.RecordAsync("run.reboot-check", $"run {RunId}: {_report.Host} back after {_report.RebootSeconds:0} s, VFs {(_report.Restored ? "restored" : "NOT restored")}");
        });
    }

    private async Task WorkAsync(Func<Task> work)
    {
        _busy = true;
        _failure = null;
        try
        {
            await work();
        }
        catch (ActionableException e)
        {
            _failure = ActionableFailure.From(e);
            _interruptions = null;
        }
        finally
        {
            _busy = false;
        }
    }
}
