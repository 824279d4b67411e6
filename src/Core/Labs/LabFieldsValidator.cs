using VirtSriov.Core.Cluster;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Labs;

/// <summary>
/// A host lab's fields, checked when the lab is added or edited (on the Labs page and through the API) rather than
/// when a run starts. Errors are keyed by the <see cref="LabDefinition"/> property they concern.
/// </summary>
public static class LabFieldsValidator
{
    public const int MaxNameLength = 64;
    public const int MaxFieldLength = 1024;
    public const int MaxKubeconfigBytes = 1024 * 1024;

    /// <param name="allowProgramOptions">The operator explicitly allowed URI options that run programs or read host files.</param>
    public static IReadOnlyList<FieldError> Validate(string? name, string? sysfsRoot, string? libvirtUri, bool allowProgramOptions)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength)
        {
            errors.Add(new("Name", $"Give the lab a name of 1 to {MaxNameLength} characters."));
        }

        var uri = ParseUri(libvirtUri, errors);
        if (uri is not null && !allowProgramOptions && ProgramRunningOptions.InLibvirtUri(uri.Text) is { Count: > 0 } risky)
        {
            errors.Add(new("LibvirtUri", $"The URI would make the dashboard (root) run programs or read host files: {string.Join("; ", risky)}. Remove them, or allow options that run programs if you mean it (audited)."));
        }

        if (string.IsNullOrWhiteSpace(sysfsRoot) || sysfsRoot.Length > MaxFieldLength || !Path.IsPathFullyQualified(sysfsRoot.Trim()))
        {
            errors.Add(new("SysfsRoot", "Enter an absolute path: / for the hypervisor itself, or the root of a copy of a host's /sys tree."));
        }
        else if (uri is { IsRemote: false } && !Directory.Exists(Path.Combine(sysfsRoot.Trim(), "sys", "bus", "pci", "devices")))
        {
            // A remote hypervisor's path is on that host: it is checked over SSH by Preflight, not here.
            errors.Add(new("SysfsRoot", $"{sysfsRoot.Trim()} has no sys/bus/pci/devices: it is not the root of a Linux host (is /sys mounted there?)."));
        }

        return errors;
    }

    /// <summary>
    /// A kubeconfig to store with the lab: YAML with contexts, at most 1 MiB, the chosen context among them, and no exec
    /// plugins or host file references unless allowed. Both null is valid (no cluster yet, or keep the stored one).
    /// </summary>
    public static IReadOnlyList<FieldError> ValidateKubeconfig(string? kubeconfig, string? context, bool allowProgramOptions)
    {
        if (kubeconfig is null)
        {
            return context is null ? [] : [new("KubeconfigContext", "A context needs a kubeconfig: send both, or neither.")];
        }

        if (System.Text.Encoding.UTF8.GetByteCount(kubeconfig) > MaxKubeconfigBytes)
        {
            return [new("Kubeconfig", "The kubeconfig is larger than 1 MiB; a kubeconfig is a small YAML file.")];
        }

        IReadOnlyList<string> contexts;
        try
        {
            contexts = KubeconfigContexts.List(kubeconfig);
        }
        catch (ActionableException e)
        {
            return [new("Kubeconfig", $"{e.Message} {e.Fix}")];
        }

        var errors = new List<FieldError>();
        if (context is not null && !contexts.Contains(context, StringComparer.Ordinal))
        {
            errors.Add(new("KubeconfigContext", $"The kubeconfig has no context '{Short(context)}'; it has {string.Join(", ", contexts)}."));
        }

        if (!allowProgramOptions && ProgramRunningOptions.InKubeconfig(kubeconfig) is { Count: > 0 } risky)
        {
            errors.Add(new("Kubeconfig", $"It would make the dashboard (root) run programs or read host files: {string.Join("; ", risky)}. Embed the credentials (client-certificate-data, token) instead, or allow options that run programs if you mean it (audited)."));
        }

        return errors;
    }

    private static LibvirtUri? ParseUri(string? libvirtUri, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(libvirtUri) || libvirtUri.Length > MaxFieldLength)
        {
            errors.Add(new("LibvirtUri", $"Enter a libvirt URI of at most {MaxFieldLength} characters, such as qemu:///system or qemu+ssh://root@host/system."));
            return null;
        }

        try
        {
            return LibvirtUri.Parse(libvirtUri.Trim());
        }
        catch (ActionableException e)
        {
            errors.Add(new("LibvirtUri", $"{Short(e.Message)} {e.Fix}"));
            return null;
        }
    }

    private static string Short(string value) => value.Length <= 200 ? value : value[..200] + "…";
}
