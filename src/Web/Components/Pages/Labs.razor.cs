using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using VirtSriov.Core.Audit;
using VirtSriov.Core.Cluster;
using VirtSriov.Core.Host.Remote;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Steps;
using VirtSriov.Web.Components.Controls;
using VirtSriov.Web.EmulatedLab;
using VirtSriov.Web.Ssh;
using VirtSriov.Web.Live;

namespace VirtSriov.Web.Components.Pages;

/// <summary>
/// Lists labs, adds, edits and deletes host labs (every change audited). A kubeconfig is read from an upload, checked, its context chosen (stored as its
/// current-context), stored encrypted and never shown back.
/// </summary>
public sealed partial class Labs
{
    private IReadOnlyList<LabDefinition> _labs = [];
    private string _name = "";
    private string _sysfsRoot = "/";
    private string _libvirtUri = "qemu:///system";
    private string? _kubeconfig;
    private string? _kubeconfigName;
    private IReadOnlyList<string> _contexts = [];
    private string? _context;
    private FieldErrors _errors = FieldErrors.None;
    private bool _allowProgramOptions;
    private string? _uploadError;
    private ActionableFailure? _failure;
    private ActionableFailure? _hypervisorFailure;
    private bool _busy;
    private LabDefinition? _editing;
    private Guid? _confirmDelete;
    private (Guid LabId, ActionableFailure Failure)? _deleteFailure;
    private Dictionary<Guid, HostKeyState?> _hostKeys = [];
    private (Guid LabId, ActionableFailure Failure)? _hostKeyFailure;

    [Inject]
    public required ILabStore Store { get; init; }

    [Inject]
    public required Auditor Auditor { get; init; }

    [Inject]
    public required LabBanner Banner { get; init; }

    [Inject]
    public required LabEnvironmentCache Environments { get; init; }

    [Inject]
    public required IEmulatedHypervisor Hypervisor { get; init; }

    [Inject]
    public required ILabHostKeys HostKeys { get; init; }

    protected override async Task OnInitializedAsync()
    {
        Banner.Clear();
        _labs = await Store.ListAsync(PageClosed);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            await CheckHostKeysAsync();
        }
    }

    /// <summary>Asks each lab's SSH host for its key (one connection each), after the page is shown.</summary>
    private async Task CheckHostKeysAsync()
    {
        var states = new Dictionary<Guid, HostKeyState?>();
        foreach (var lab in _labs)
        {
            states[lab.Id] = await HostKeys.CheckAsync(lab, PageClosed);
        }

        _hostKeys = states;
        await InvokeAsync(StateHasChanged);
    }

    private async Task ConfirmHostKeyAsync(LabDefinition lab, string fingerprint)
    {
        _busy = true;
        _hostKeyFailure = null;
        try
        {
            await HostKeys.ConfirmAsync(lab, fingerprint, PageClosed);
            await Auditor.RecordAsync("lab.host-key", $"lab {lab.Id} '{lab.Name}': host key {fingerprint} trusted");
            _hostKeys[lab.Id] = await HostKeys.CheckAsync(lab, PageClosed);
        }
        catch (ActionableException e)
        {
            _hostKeyFailure = (lab.Id, ActionableFailure.From(e));
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task SelectKubeconfigAsync(InputFileChangeEventArgs e)
    {
        _kubeconfig = await ReadKubeconfigAsync(e.File);
        _kubeconfigName = _kubeconfig is null ? null : e.File.Name;
        _contexts = _kubeconfig is null ? [] : KubeconfigContexts.List(_kubeconfig);
        _context = _kubeconfig is null ? null : KubeconfigContexts.Current(_kubeconfig) ?? _contexts[0];
    }

    private async Task ReplaceKubeconfigAsync(Guid labId, InputFileChangeEventArgs e)
    {
        if (await ReadKubeconfigAsync(e.File) is { } yaml)
        {
            var allowed = ProgramRunningOptions.InKubeconfig(yaml);
            await Store.SetKubeconfigAsync(labId, yaml, PageClosed);
            if (allowed.Count > 0)
            {
                await Store.SetAllowsProgramOptionsAsync(labId, true, PageClosed);
            }

            await Auditor.RecordAsync("lab.kubeconfig", $"lab {labId}: kubeconfig replaced{ProgramRunningOptions.AuditNote(allowed)}");
            await Environments.EvictAsync(labId);
            _labs = await Store.ListAsync(PageClosed);
        }
    }

    private async Task<string?> ReadKubeconfigAsync(IBrowserFile file)
    {
        _uploadError = null;
        if (file.Size > LabFieldsValidator.MaxKubeconfigBytes)
        {
            _uploadError = $"{file.Name} is larger than 1 MiB; a kubeconfig is a small YAML file.";
            return null;
        }

        await using var stream = file.OpenReadStream(LabFieldsValidator.MaxKubeconfigBytes, PageClosed);
        using var reader = new StreamReader(stream);
        var text = await reader.ReadToEndAsync(PageClosed);
        if (LabFieldsValidator.ValidateKubeconfig(text, null, _allowProgramOptions) is { Count: > 0 } errors)
        {
            _uploadError = $"{file.Name}: {string.Join(" ", errors.Select(e => e.Message))}";
            return null;
        }

        return text;
    }

    /// <summary>Fills the form with a host lab's fields; saving then edits it instead of adding one.</summary>
    private void StartEditing(LabDefinition lab)
    {
        _editing = lab;
        (_name, _sysfsRoot, _libvirtUri, _allowProgramOptions) = (lab.Name, lab.SysfsRoot, lab.LibvirtUri, lab.AllowsProgramOptions);
        (_kubeconfig, _kubeconfigName, _contexts, _context, _errors, _failure) = (null, null, [], null, FieldErrors.None, null);
    }

    private void StopEditing()
    {
        _editing = null;
        (_name, _sysfsRoot, _libvirtUri, _allowProgramOptions) = ("", "/", "qemu:///system", false);
        (_kubeconfig, _kubeconfigName, _contexts, _context, _errors) = (null, null, [], null, FieldErrors.None);
    }

    private async Task SaveAsync()
    {
        _errors = new FieldErrors(LabFieldsValidator.Validate(_name.Trim(), _sysfsRoot.Trim(), _libvirtUri.Trim(), _allowProgramOptions));
        if (_errors.Any)
        {
            return;
        }

        _busy = true;
        _failure = null;
        try
        {
            var editing = _editing;
            var lab = editing is null
                ? await Store.AddAsync(_name.Trim(), LabKind.Host, _sysfsRoot.Trim(), _libvirtUri.Trim(), PageClosed)
                : await Store.UpdateAsync(editing.Id, _name.Trim(), _sysfsRoot.Trim(), _libvirtUri.Trim(), PageClosed)
                    ?? throw new ActionableException($"Lab '{editing.Name}' no longer exists.", "Reload the page; someone deleted it.");
            if (_kubeconfig is not null)
            {
                await Store.SetKubeconfigAsync(lab.Id, _context is null ? _kubeconfig : KubeconfigContexts.Choose(_kubeconfig, _context), PageClosed);
            }

            await Store.SetAllowsProgramOptionsAsync(lab.Id, _allowProgramOptions, PageClosed);
            var allowed = ProgramRunningOptions.InLab(lab.LibvirtUri, _kubeconfig);
            var kubeconfig = _kubeconfig is not null ? (editing is null ? "uploaded" : "replaced") : (editing is null ? "none" : "kept");
            await Auditor.RecordAsync(editing is null ? "lab.add" : "lab.edit", $"lab {lab.Id} '{lab.Name}': sysfs {lab.SysfsRoot}, libvirt {lab.LibvirtUri}, kubeconfig {kubeconfig}{ProgramRunningOptions.AuditNote(allowed)}");
            if (editing is not null)
            {
                await Environments.EvictAsync(lab.Id); // the next use opens the lab as it is now
            }

            StopEditing();
            _labs = await Store.ListAsync(PageClosed);
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

    private async Task DeleteAsync(LabDefinition lab)
    {
        _busy = true;
        _deleteFailure = null;
        try
        {
            if (await Store.DeleteAsync(lab.Id, PageClosed))
            {
                await Auditor.RecordAsync("lab.delete", $"lab {lab.Id} '{lab.Name}'");
                await Environments.EvictAsync(lab.Id);
            }

            _confirmDelete = null;
            if (_editing?.Id == lab.Id)
            {
                StopEditing();
            }

            _labs = await Store.ListAsync(PageClosed);
        }
        catch (ActionableException e)
        {
            _deleteFailure = (lab.Id, ActionableFailure.From(e));
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task BootHypervisorAsync()
    {
        _busy = true;
        _hypervisorFailure = null;
        try
        {
            var lab = await Hypervisor.StartAsync(PageClosed);
            await Auditor.RecordAsync("lab.emulated.start", $"lab {lab.Id} '{lab.Name}': {lab.LibvirtUri}");
            _labs = await Store.ListAsync(PageClosed);
            _hostKeys[lab.Id] = await HostKeys.CheckAsync(lab, PageClosed);
        }
        catch (ActionableException e)
        {
            _hypervisorFailure = ActionableFailure.From(e);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task PowerOffHypervisorAsync()
    {
        _busy = true;
        try
        {
            await Hypervisor.StopAsync(PageClosed);
            await Auditor.RecordAsync("lab.emulated.stop", "emulated hypervisor powered off");
        }
        finally
        {
            _busy = false;
        }
    }
}
