using System.Text.Json;
using VirtSriov.Core.Cluster;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Steps;

namespace VirtSriov.Web.Api;

/// <summary>
/// A <see cref="LabRequest"/> checked by the same rules as the Labs page (<see cref="LabFieldsValidator"/>), with the
/// errors keyed by the request's JSON field names.
/// </summary>
public static class LabRequestValidator
{
    public static IReadOnlyList<FieldError> Validate(LabRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return LabFieldsValidator.Validate(request.Name, request.SysfsRoot, request.LibvirtUri, request.AllowProgramOptions)
            .Concat(LabFieldsValidator.ValidateKubeconfig(request.Kubeconfig, request.KubeconfigContext, request.AllowProgramOptions))
            .Select(e => e with { Field = JsonNamingPolicy.CamelCase.ConvertName(e.Field) })
            .ToList();
    }

    /// <summary>The kubeconfig to store: with the chosen context as its current-context.</summary>
    public static string? KubeconfigToStore(LabRequest request) =>
        request.Kubeconfig is null || request.KubeconfigContext is null
            ? request.Kubeconfig
            : KubeconfigContexts.Choose(request.Kubeconfig, request.KubeconfigContext);
}
