using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using VirtSriov.Core.Host.Remote;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Runs;
using VirtSriov.Web.Audit;
using VirtSriov.Web.EmulatedLab;

namespace VirtSriov.Web.Api;

public static class LabEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/labs", ListAsync);
        api.MapPost("/labs/emulated-hypervisor/start", StartEmulatedAsync);
        api.MapPost("/labs/emulated-hypervisor/stop", StopEmulatedAsync);
        api.MapPost("/labs/{id:guid}/host-key", ConfirmHostKeyAsync);
    }

    /// <summary>Labs without their secrets (only whether a kubeconfig is stored).</summary>
    public static async Task<IResult> ListAsync([FromServices] ILabStore labs, CancellationToken cancellationToken) =>
        TypedResults.Ok(await labs.ListAsync(cancellationToken));

    /// <summary>Boots the emulated lab as a remote hypervisor (about a minute under TCG) and returns its lab.</summary>
    public static async Task<Results<Ok<LabDefinition>, ProblemHttpResult>> StartEmulatedAsync(
        [FromServices] IEmulatedHypervisor host, [FromServices] Auditor auditor, CancellationToken cancellationToken)
    {
        try
        {
            var lab = await host.StartAsync(cancellationToken);
            await auditor.RecordAsync("lab.emulated.start", $"lab {lab.Id} '{lab.Name}': {lab.LibvirtUri}");
            return TypedResults.Ok(lab);
        }
        catch (ActionableException e)
        {
            return Conflict(e);
        }
    }

    public static async Task<NoContent> StopEmulatedAsync([FromServices] IEmulatedHypervisor host, [FromServices] Auditor auditor, CancellationToken cancellationToken)
    {
        await host.StopAsync(cancellationToken);
        await auditor.RecordAsync("lab.emulated.stop", "emulated hypervisor powered off");
        return TypedResults.NoContent();
    }

    /// <summary>Trusts the lab host's SSH key once the operator has compared its fingerprint (body: <c>{"fingerprint":"SHA256:…"}</c>).</summary>
    public static async Task<Results<NoContent, NotFound<ProblemDetails>, ProblemHttpResult>> ConfirmHostKeyAsync(
        [FromServices] ILabStore labs,
        [FromServices] SshKeyStore keys,
        [FromServices] LabEnvironmentCache environments,
        [FromServices] Auditor auditor,
        Guid id,
        HostKeyConfirmationRequest request,
        CancellationToken cancellationToken)
    {
        if (await labs.GetAsync(id, cancellationToken) is not { } lab || SshTarget.From(LibvirtUri.Parse(lab.LibvirtUri)) is not { } target)
        {
            return TypedResults.NotFound(new ProblemDetails { Title = "No such SSH lab", Detail = $"Lab {id} does not exist or is not reached over SSH (qemu+ssh://).", Status = StatusCodes.Status404NotFound });
        }

        try
        {
            var credentials = await keys.GetAsync(target, cancellationToken);
            await Task.Run(() => HostKeyConfirmation.Confirm(target, credentials, request.Fingerprint), cancellationToken);
            await auditor.RecordAsync("lab.host-key", $"lab {lab.Id}: {target} host key {request.Fingerprint} trusted");
            await environments.EvictAsync(lab.Id);
            return TypedResults.NoContent();
        }
        catch (ActionableException e)
        {
            return Conflict(e);
        }
    }

    private static ProblemHttpResult Conflict(ActionableException e) =>
        TypedResults.Problem(
            detail: e.Message,
            statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?> { ["fix"] = e.Fix, ["failedCall"] = e.FailedCall, ["field"] = e.Field });
}
