using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Preflight;
using VirtSriov.Core.Steps;

namespace VirtSriov.Web.Api;

public static class PreflightEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/preflight", GetAsync);
    }

    /// <summary>
    /// The preflight report of a lab, the same the wizard's Preflight step and <c>virtsriov preflight --json</c> show;
    /// <paramref name="pfAddress"/> names the PF the operator plans to use (optional). A lab that cannot be opened
    /// answers 200 with an Error finding that says why and what to do.
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

        return TypedResults.Ok(await doctor.ExamineAsync(lab, environments, new RunSettings { PfAddress = pfAddress ?? "" }, cancellationToken));
    }
}
