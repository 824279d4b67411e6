using Microsoft.AspNetCore.Mvc;
using VirtSriov.Core.Labs;

namespace VirtSriov.Web.Api;

public static class LabEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/labs", ListAsync);
    }

    /// <summary>Labs without their secrets (only whether a kubeconfig is stored).</summary>
    public static async Task<IResult> ListAsync([FromServices] ILabStore labs, CancellationToken cancellationToken) =>
        TypedResults.Ok(await labs.ListAsync(cancellationToken));
}
