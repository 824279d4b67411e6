using Microsoft.AspNetCore.Components;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Labs.Emulated;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;
using VirtSriov.Web.Components.Controls;
using VirtSriov.Web.Live;

namespace VirtSriov.Web.Components.Pages;

/// <summary>First wizard page: pick a lab, fill the settings; the engine validates and opens the run.</summary>
public sealed partial class NewRun
{
    private IReadOnlyList<LabDefinition> _labs = [];
    private readonly RunSettingsModel _model = new();
    private FieldErrors _errors = FieldErrors.None;
    private ActionableFailure? _failure;
    private Guid _labId;
    private bool _busy;
    private IReadOnlyList<string>? _domains;
    private string? _domainsError;

    [Inject]
    public required ILabStore Labs { get; init; }

    [Inject]
    public required IRunEngine Engine { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required LabEnvironmentCache Environments { get; init; }

    [Inject]
    public required LabBanner Banner { get; init; }

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
        if (SelectedLab?.Name == EmulatedHypervisor.LabName && _model.Settings.MaxWorkerMemoryMiB is null)
        {
            // The emulated lab's QEMU needs its workers' VF BARs below 4 GiB: its worker RAM ceiling, shown in the plan with the reason.
            _model.Settings = _model.Settings with { MaxWorkerMemoryMiB = EmulatedLabWorker.MaxWorkerMemoryMiB };
        }

        await LoadDomainsAsync();
        if (SelectedLab is { } lab)
        {
            Banner.Show(lab.Name, lab.IsSimulated);
        }
        else
        {
            Banner.Clear();
        }
    }

    /// <summary>In the Hypervisor only profile the operator picks the workers from the lab's libvirt domains.</summary>
    private async Task LoadDomainsAsync()
    {
        _domains = null;
        _domainsError = null;
        if (_model.Settings.RunProfile != RunProfile.HypervisorOnly || SelectedLab is not { } lab)
        {
            return;
        }

        try
        {
            var environment = await Environments.GetAsync(lab, PageClosed);
            _domains = [.. (await environment.Hypervisor.ListDomainNamesAsync(PageClosed)).Order(StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is ActionableException or VirtSriov.Core.Libvirt.LibvirtException)
        {
            _domainsError = $"The domains of {lab.Name} could not be listed ({e.Message}); type the worker names.";
        }
    }

    private async Task CreateAsync()
    {
        _busy = true;
        _failure = null;
        try
        {
            var runId = await Engine.CreateRunAsync(_labId, _model.ToSettings(), PageClosed);
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
