using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using VirtSriov.Core.Cluster;
using VirtSriov.Core.Host.Remote;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Steps;
using VirtSriov.Web.Audit;
using VirtSriov.Web.Components.Controls;
using VirtSriov.Web.EmulatedLab;
using VirtSriov.Web.Ssh;
using VirtSriov.Web.Live;

namespace VirtSriov.Web.Components.Pages;

/// <summary>
/// Lists labs and adds host labs. A kubeconfig is read from an upload, checked, its context chosen (stored as its
/// current-context), stored encrypted and never shown back.
/// </summary>
public sealed partial class Labs
{
    private const long MaxKubeconfigBytes = 1024 * 1024;

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
            await Store.SetKubeconfigAsync(labId, yaml, PageClosed);
            await Auditor.RecordAsync("lab.kubeconfig", $"lab {labId}: kubeconfig replaced{ProgramRunningOptions.AuditNote(ProgramRunningOptions.InKubeconfig(yaml))}");
            await Environments.EvictAsync(labId);
            _labs = await Store.ListAsync(PageClosed);
        }
    }

    private async Task<string?> ReadKubeconfigAsync(IBrowserFile file)
    {
        _uploadError = null;
        if (file.Size > MaxKubeconfigBytes)
        {
            _uploadError = $"{file.Name} is larger than 1 MiB; a kubeconfig is a small YAML file.";
            return null;
        }

        await using var stream = file.OpenReadStream(MaxKubeconfigBytes, PageClosed);
        using var reader = new StreamReader(stream);
        var text = await reader.ReadToEndAsync(PageClosed);
        try
        {
            KubeconfigContexts.List(text);
            if (!_allowProgramOptions && ProgramRunningOptions.InKubeconfig(text) is { Count: > 0 } risky)
            {
                _uploadError = $"{file.Name} would make the dashboard (root) run programs or read host files: {string.Join("; ", risky)}. " +
                    "Embed the credentials (client-certificate-data, token) instead, or tick 'Allow options that run programs' if you mean it (audited).";
                return null;
            }

            return text;
        }
        catch (ActionableException error)
        {
            _uploadError = $"{file.Name}: {error.Message} {error.Fix}";
            return null;
        }
    }

    private async Task AddAsync()
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
            var lab = await Store.AddAsync(_name.Trim(), LabKind.Host, _sysfsRoot.Trim(), _libvirtUri.Trim(), PageClosed);
            var allowed = ProgramRunningOptions.InLibvirtUri(lab.LibvirtUri).Concat(_kubeconfig is null ? [] : ProgramRunningOptions.InKubeconfig(_kubeconfig)).ToList();
            await Auditor.RecordAsync("lab.add", $"lab {lab.Id} '{lab.Name}': sysfs {lab.SysfsRoot}, libvirt {lab.LibvirtUri}, kubeconfig {(_kubeconfig is null ? "none" : "uploaded")}{ProgramRunningOptions.AuditNote(allowed)}");
            if (_kubeconfig is not null)
            {
                await Store.SetKubeconfigAsync(lab.Id, _context is null ? _kubeconfig : KubeconfigContexts.Choose(_kubeconfig, _context), PageClosed);
            }

            (_name, _kubeconfig, _kubeconfigName, _contexts, _context) = ("", null, null, [], null);
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
