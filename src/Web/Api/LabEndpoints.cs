using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using VirtSriov.Core.Audit;
using VirtSriov.Core.Host.Remote;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Steps;
using VirtSriov.Web.EmulatedLab;
using VirtSriov.Web.Ssh;

namespace VirtSriov.Web.Api;

/// <summary>Labs: list, add, edit, delete and reach. Kubeconfigs go in encrypted and never come back out.</summary>
public static class LabEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/labs", ListAsync);
        api.MapPost("/labs", AddAsync);
        api.MapGet("/labs/{id:guid}", GetAsync);
        api.MapPut("/labs/{id:guid}", UpdateAsync);
        api.MapDelete("/labs/{id:guid}", DeleteAsync);
        api.MapGet("/labs/{id:guid}/reach", ReachAsync);
        api.MapPost("/labs/emulated-hypervisor/start", StartEmulatedAsync);
        api.MapPost("/labs/emulated-hypervisor/stop", StopEmulatedAsync);
        api.MapPost("/labs/{id:guid}/host-key", ConfirmHostKeyAsync);
        api.MapGet("/hypervisors", HypervisorsAsync);
    }

    /// <summary>Labs without their secrets (only whether a kubeconfig is stored).</summary>
    public static async Task<Ok<IReadOnlyList<LabDefinition>>> ListAsync([FromServices] ILabStore labs, CancellationToken cancellationToken) =>
        TypedResults.Ok(await labs.ListAsync(cancellationToken));

    public static async Task<Results<Ok<LabDefinition>, ProblemHttpResult>> GetAsync([FromServices] ILabStore labs, Guid id, CancellationToken cancellationToken) =>
        await labs.GetAsync(id, cancellationToken) is { } lab ? TypedResults.Ok(lab) : NoSuchLab(id);

    /// <summary>Adds a host lab; a kubeconfig, when given, is stored encrypted.</summary>
    public static async Task<Results<Created<LabDefinition>, ValidationProblem>> AddAsync(
        [FromServices] ILabStore labs,
        [FromServices] Auditor auditor,
        [FromBody] LabRequest request,
        CancellationToken cancellationToken)
    {
        if (LabRequestValidator.Validate(request) is { Count: > 0 } errors)
        {
            return ApiProblems.Invalid(errors, "The lab is not valid.");
        }

        var lab = await labs.AddAsync(request.Name!.Trim(), LabKind.Host, request.SysfsRoot!.Trim(), request.LibvirtUri!.Trim(), cancellationToken);
        await auditor.RecordAsync("lab.add", $"lab {lab.Id} '{lab.Name}': sysfs {lab.SysfsRoot}, libvirt {lab.LibvirtUri}, kubeconfig {(request.Kubeconfig is null ? "none" : "uploaded")}{ProgramRunningOptions.AuditNote(ProgramRunningOptions.InLab(request.LibvirtUri, request.Kubeconfig))}");
        if (LabRequestValidator.KubeconfigToStore(request) is { } kubeconfig)
        {
            await labs.SetKubeconfigAsync(lab.Id, kubeconfig, cancellationToken);
            lab = lab with { HasKubeconfig = true };
        }

        await labs.SetAllowsProgramOptionsAsync(lab.Id, request.AllowProgramOptions, cancellationToken);
        return TypedResults.Created($"/api/labs/{lab.Id}", lab with { AllowsProgramOptions = request.AllowProgramOptions });
    }

    /// <summary>Edits a host lab; its open connections are closed so the next use sees the change.</summary>
    public static async Task<Results<Ok<LabDefinition>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        [FromServices] ILabStore labs,
        [FromServices] LabEnvironmentCache environments,
        [FromServices] Auditor auditor,
        Guid id,
        [FromBody] LabRequest request,
        CancellationToken cancellationToken)
    {
        if (LabRequestValidator.Validate(request) is { Count: > 0 } errors)
        {
            return ApiProblems.Invalid(errors, "The lab is not valid.");
        }

        if (await labs.UpdateAsync(id, request.Name!.Trim(), request.SysfsRoot!.Trim(), request.LibvirtUri!.Trim(), cancellationToken) is not { } lab)
        {
            return NoSuchLab(id);
        }

        if (LabRequestValidator.KubeconfigToStore(request) is { } kubeconfig)
        {
            await labs.SetKubeconfigAsync(id, kubeconfig, cancellationToken);
            lab = lab with { HasKubeconfig = true };
        }

        await labs.SetAllowsProgramOptionsAsync(id, request.AllowProgramOptions, cancellationToken);

        await auditor.RecordAsync("lab.edit", $"lab {id} '{lab.Name}': sysfs {lab.SysfsRoot}, libvirt {lab.LibvirtUri}, kubeconfig {(request.Kubeconfig is null ? "kept" : "replaced")}{ProgramRunningOptions.AuditNote(ProgramRunningOptions.InLab(request.LibvirtUri, request.Kubeconfig))}");
        await environments.EvictAsync(id);
        return TypedResults.Ok(lab with { AllowsProgramOptions = request.AllowProgramOptions });
    }

    /// <summary>Deletes a lab without runs (a lab with history is refused with 409).</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        [FromServices] ILabStore labs,
        [FromServices] LabEnvironmentCache environments,
        [FromServices] Auditor auditor,
        Guid id,
        CancellationToken cancellationToken)
    {
        if (!await labs.DeleteAsync(id, cancellationToken))
        {
            return NoSuchLab(id);
        }

        await auditor.RecordAsync("lab.delete", $"lab {id}");
        await environments.EvictAsync(id);
        return TypedResults.NoContent();
    }

    /// <summary>Whether the lab's sysfs, hypervisor and cluster answer (read-only questions).</summary>
    public static async Task<Results<Ok<LabReach>, ProblemHttpResult>> ReachAsync(
        [FromServices] ILabStore labs,
        [FromServices] LabReachability reachability,
        Guid id,
        CancellationToken cancellationToken) =>
        await labs.GetAsync(id, cancellationToken) is { } lab
            ? TypedResults.Ok(await reachability.CheckAsync(lab, cancellationToken))
            : NoSuchLab(id);

    /// <summary>Every host lab: reachable or not (and why), its SR-IOV NICs with the VFs in use and by which domain, its hypervisor's active run.</summary>
    public static async Task<Ok<IReadOnlyList<HypervisorStatus>>> HypervisorsAsync([FromServices] HypervisorOverview overview, CancellationToken cancellationToken) =>
        TypedResults.Ok(await overview.ListAsync(cancellationToken));

    public static ProblemHttpResult NoSuchLab(Guid id) => ApiProblems.NotFound($"There is no lab {id}.", "GET /api/labs lists the labs.");

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
            return ApiProblems.From(e);
        }
    }

    public static async Task<NoContent> StopEmulatedAsync([FromServices] IEmulatedHypervisor host, [FromServices] Auditor auditor, CancellationToken cancellationToken)
    {
        await host.StopAsync(cancellationToken);
        await auditor.RecordAsync("lab.emulated.stop", "emulated hypervisor powered off");
        return TypedResults.NoContent();
    }

    /// <summary>Trusts the lab host's SSH key once the operator has compared its fingerprint (body: <c>{"fingerprint":"SHA256:…"}</c>).</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> ConfirmHostKeyAsync(
        [FromServices] ILabStore labs,
        [FromServices] ILabHostKeys hostKeys,
        [FromServices] Auditor auditor,
        Guid id,
        HostKeyConfirmationRequest request,
        CancellationToken cancellationToken)
    {
        if (await labs.GetAsync(id, cancellationToken) is not { } lab)
        {
            return NoSuchLab(id);
        }

        try
        {
            await hostKeys.ConfirmAsync(lab, request.Fingerprint, cancellationToken);
            await auditor.RecordAsync("lab.host-key", $"lab {lab.Id} '{lab.Name}': host key {request.Fingerprint} trusted");
            return TypedResults.NoContent();
        }
        catch (ActionableException e)
        {
            return ApiProblems.From(e);
        }
    }
}
