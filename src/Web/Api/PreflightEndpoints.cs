using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Preflight;
using VirtSriov.Core.Runs;

namespace VirtSriov.Web.Api;

public static class PreflightEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/preflight", GetAsync);
    }

    /// <summary>
    /// The preflight report of a lab, the same the wizard's Preflight step and <c>virtsriov preflight --json</c> show;
    /// <paramref name="pfAddress"/> names the PF the operator plans to use (optional).
    /// </summary>
    public static async Task<Results<Ok<PreflightReport>, ProblemHttpResult>> GetAsync(
        [FromServices] ILabStore labs,
        [FromServices] LabEnvironmentCache environments,
        [FromServices] PreflightDoctor doctor,
        Guid labId,
        string? pfAddress,
        CancellationToken cancellationToken)
    {
        if (await labs.GetAsync(labId, cancellationToken) is not { } lab)
        {
            return LabEndpoints.NoSuchLab(labId);
        }

        var environment = await environments.GetAsync(lab, cancellationToken);
        return TypedResults.Ok(await doctor.ExamineAsync(environment, new RunSettings { PfAddress = pfAddress ?? "" }, cancellationToken));
    }
}
