using VirtSriov.Core.Cluster;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Steps;

namespace VirtSriov.Web.Api;

/// <summary>Checks a <see cref="LabRequest"/>: every error names its field and says what to send instead.</summary>
public static class LabRequestValidator
{
    public static IReadOnlyList<FieldError> Validate(LabRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > 100)
        {
            errors.Add(new("name", "Give the lab a name of 1 to 100 characters."));
        }

        if (string.IsNullOrWhiteSpace(request.SysfsRoot) || !request.SysfsRoot.Trim().StartsWith('/'))
        {
            errors.Add(new("sysfsRoot", "Give the absolute path that holds the host's /sys, /proc and /dev: / for this machine."));
        }

        if (string.IsNullOrWhiteSpace(request.LibvirtUri) || !request.LibvirtUri.Contains("://", StringComparison.Ordinal))
        {
            errors.Add(new("libvirtUri", "Give a libvirt URI such as qemu:///system or qemu+ssh://host/system."));
        }

        if (request.Kubeconfig is not null)
        {
            errors.AddRange(KubeconfigErrors(request.Kubeconfig, request.KubeconfigContext));
        }

        if (!request.AllowProgramOptions)
        {
            errors.AddRange(ProgramOptionErrors("libvirtUri", request.LibvirtUri is null ? [] : ProgramRunningOptions.InLibvirtUri(request.LibvirtUri)));
            errors.AddRange(ProgramOptionErrors("kubeconfig", request.Kubeconfig is null ? [] : ProgramRunningOptions.InKubeconfig(request.Kubeconfig)));
        }
        else if (request.KubeconfigContext is not null)
        {
            errors.Add(new("kubeconfigContext", "A context needs a kubeconfig: send both, or neither."));
        }

        return errors;
    }

    /// <summary>What in a request runs a program or reads a host file as root, for the audit trail; empty when nothing does.</summary>
    public static IReadOnlyList<string> ProgramOptions(LabRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return
        [
            .. request.LibvirtUri is null ? [] : ProgramRunningOptions.InLibvirtUri(request.LibvirtUri),
            .. request.Kubeconfig is null ? [] : ProgramRunningOptions.InKubeconfig(request.Kubeconfig),
        ];
    }

    private static IEnumerable<FieldError> ProgramOptionErrors(string field, IReadOnlyList<string> risky) =>
        risky.Count == 0
            ? []
            : [new(field, $"It runs programs or reads host files as the dashboard's root: {string.Join("; ", risky)}. Remove them, or send allowProgramOptions: true if you mean it (audited).")];

    /// <summary>The kubeconfig to store: with the chosen context as its current-context.</summary>
    public static string? KubeconfigToStore(LabRequest request) =>
        request.Kubeconfig is null || request.KubeconfigContext is null
            ? request.Kubeconfig
            : KubeconfigContexts.Choose(request.Kubeconfig, request.KubeconfigContext);

    private static IEnumerable<FieldError> KubeconfigErrors(string kubeconfig, string? context)
    {
        IReadOnlyList<string> contexts;
        try
        {
            contexts = KubeconfigContexts.List(kubeconfig);
        }
        catch (ActionableException e)
        {
            return [new("kubeconfig", $"{e.Message} {e.Fix}")];
        }

        return context is null || contexts.Contains(context, StringComparer.Ordinal)
            ? []
            : [new("kubeconfigContext", $"The kubeconfig has no context '{context}'; it has {string.Join(", ", contexts)}.")];
    }
}
