using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Runs;
using VirtSriov.Web.Components.Controls;
using VirtSriov.Web.Live;

namespace VirtSriov.Web.Components.Pages;

/// <summary>Lists labs and adds host labs. A kubeconfig is read from an upload, stored encrypted and never shown back.</summary>
public sealed partial class Labs
{
    private const long MaxKubeconfigBytes = 1024 * 1024;

    private IReadOnlyList<LabDefinition> _labs = [];
    private string _name = "";
    private string _sysfsRoot = "/";
    private string _libvirtUri = "qemu:///system";
    private string? _kubeconfig;
    private string? _kubeconfigName;
    private string? _nameError;
    private string? _uploadError;
    private ActionableFailure? _failure;
    private bool _busy;

    [Inject]
    public required ILabStore Store { get; init; }

    [Inject]
    public required LabBanner Banner { get; init; }

    protected override async Task OnInitializedAsync()
    {
        Banner.Clear();
        _labs = await Store.ListAsync(PageClosed);
    }

    private async Task SelectKubeconfigAsync(InputFileChangeEventArgs e)
    {
        _kubeconfig = await ReadKubeconfigAsync(e.File);
        _kubeconfigName = _kubeconfig is null ? null : e.File.Name;
    }

    private async Task ReplaceKubeconfigAsync(Guid labId, InputFileChangeEventArgs e)
    {
        if (await ReadKubeconfigAsync(e.File) is { } yaml)
        {
            await Store.SetKubeconfigAsync(labId, yaml, PageClosed);
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
        return await reader.ReadToEndAsync(PageClosed);
    }

    private async Task AddAsync()
    {
        _nameError = string.IsNullOrWhiteSpace(_name) ? "Give the lab a name." : null;
        if (_nameError is not null)
        {
            return;
        }

        _busy = true;
        _failure = null;
        try
        {
            var lab = await Store.AddAsync(_name.Trim(), LabKind.Host, _sysfsRoot.Trim(), _libvirtUri.Trim(), PageClosed);
            if (_kubeconfig is not null)
            {
                await Store.SetKubeconfigAsync(lab.Id, _kubeconfig, PageClosed);
            }

            (_name, _kubeconfig, _kubeconfigName) = ("", null, null);
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
}
