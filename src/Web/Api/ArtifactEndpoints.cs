using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Text;
using VirtSriov.Core.Runs;

namespace VirtSriov.Web.Api;

public static class ArtifactEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/artifacts/{id:guid}", DownloadAsync);
    }

    /// <summary>The artifact as a file download, typed by its language.</summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadAsync([FromServices] IRunStore runs, Guid id, CancellationToken cancellationToken)
    {
        var artifact = await runs.GetArtifactAsync(id, cancellationToken);
        return artifact is null
            ? ApiProblems.NotFound($"There is no artifact {id}.", "GET /api/runs/{id} lists a run's steps; artifacts are linked from their plans.")
            : TypedResults.File(Encoding.UTF8.GetBytes(artifact.Content), ArtifactContentTypes.For(artifact.Language), artifact.Name);
    }
}
