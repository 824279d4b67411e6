using Microsoft.AspNetCore.Components;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Labs.Emulated;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;
using VirtSriov.Web.Components.Controls;
using VirtSriov.Web.Choices;
using VirtSriov.Web.Live;

namespace VirtSriov.Web.Components.Pages;

/// <summary>First wizard page: pick a lab, fill the settings (PFs and workers offered from the lab); the engine validates and opens the run.</summary>
public sealed partial class NewRun
{
    private IReadOnlyList<LabDefinition> _labs = [];
    private readonly RunSettingsModel _model = new();
    private FieldErrors _errors = FieldErrors.None;
    private ActionableFailure? _failure;
    private Guid _labId;
    private LabChoices _choices = LabChoices.None;
    private bool _busy;

    [Inject]
    public required ILabStore Labs { get; init; }

    [Inject]
    public required IRunEngine Engine { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required LabBanner Banner { get; init; }

    [Inject]
    public required ILabChoices Choices { get; init; }

    /// <summary>Lab preselected from a link (<c>?lab=…</c>).</summary>
    [SupplyParameterFromQuery(Name = "lab")]
    public Guid? Lab { get; set; }

    private LabDefinition? SelectedLab => _labs.FirstOrDefault(l => l.Id == _labId);

    protected override async Task OnInitializedAsync()
    {
        // The emulated-hardware lab runs from the Labs page, inside its QEMU guest; the wizard cannot drive it.
        _labs = [.. (await Labs.ListAsync(PageClosed)).Where(l => l.Kind != LabKind.EmulatedHardware)];
        var preselected = _labs.FirstOrDefault(l => l.Id == Lab) ?? _labs.FirstOrDefault(l => l.IsSimulated) ?? (_labs.Count > 0 ? _labs[0] : null);
        await SelectLab(preselected?.Id ?? Guid.Empty);
    }

    private string LabName(Guid id) => _labs.FirstOrDefault(l => l.Id == id)?.Name ?? "";

    private async Task SelectLab(Guid id)
    {
        _labId = id;
        _choices = LabChoices.None;
        if (SelectedLab?.Name == EmulatedHypervisor.LabName && _model.Settings.MaxWorkerMemoryMiB is null)
        {
            // The emulated lab's QEMU needs its workers' VF BARs below 4 GiB: its worker RAM ceiling, shown in the plan with the reason.
            _model.Settings = _model.Settings with { MaxWorkerMemoryMiB = EmulatedLabWorker.MaxWorkerMemoryMiB };
        }

        if (SelectedLab is { } lab)
        {
            Banner.Show(lab.Name, lab.IsSimulated);
            _choices = await Choices.ReadAsync(lab, PageClosed);
        }
        else
        {
            Banner.Clear();
        }
    }

    private async Task CreateAsync()
    {
        _busy = true;
        _failure = null;
        try
        {
            var settings = _model.Read(out var syntaxErrors);
            if (syntaxErrors.Count > 0)
            {
                // Every error at once: the form's own syntax errors with what the shape check says of the rest.
                var shape = RunSettingsValidator.Validate(settings, SelectedLab?.IsSimulated ?? true)
                    .Where(e => !e.Field.StartsWith(nameof(RunSettings.VfOverrides), StringComparison.Ordinal));
                _errors = new FieldErrors([.. syntaxErrors, .. shape]);
                return;
            }

            var runId = await Engine.CreateRunAsync(_labId, settings, PageClosed);
            _errors = FieldErrors.None;
            Navigation.NavigateTo(WizardLinks.Step(runId, StepKind.Preflight));
        }
        catch (RunSettingsException e)
        {
            _errors = new FieldErrors(e.Errors);
        }
        catch (ActionableException e)
        {
            _failure = ActionableFailure.From(e);
        }
        finally
        {
            _busy = false;
        }
    }
}
