using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using VirtSriov.Core.Cluster;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;

namespace VirtSriov.Web.Api;

public static class RunEndpoints
{
    private const int MaxEventsPerRead = 1000;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/runs", QueryAsync);
        api.MapGet("/runs/{id:guid}", GetAsync);
        api.MapGet("/runs/{id:guid}/events", EventsAsync);
        api.MapGet("/runs/{id:guid}/bundle", BundleAsync);
        api.MapPost("/runs", CreateAsync);
        api.MapPost("/runs/{id:guid}/steps/{step}/apply", (IRunEngine engine, Guid id, StepKind step, CancellationToken ct) =>
            ActAsync(() => engine.ApplyAsync(id, step, ct)));
        api.MapPost("/runs/{id:guid}/run-remaining", (IRunEngine engine, Guid id, CancellationToken ct) =>
            ActAsync(() => engine.RunRemainingAsync(id, ct)));
        api.MapPost("/runs/{id:guid}/resume", (IRunEngine engine, IRunStore runs, Guid id, CancellationToken ct) =>
            ActAsync(async () => { await engine.ResumeAsync(id, ct); return await runs.GetAsync(id, ct); }));
        api.MapPost("/runs/{id:guid}/cancel", (IRunEngine engine, IRunStore runs, Guid id, CancellationToken ct) =>
            ActAsync(async () => { await engine.CancelAsync(id); return await runs.GetAsync(id, ct); }));
        api.MapPost("/runs/{id:guid}/teardown", (IRunEngine engine, Guid id, bool? deleteKcliCluster, CancellationToken ct) =>
            ActAsync(() => engine.TeardownAsync(id, new TeardownOptions(deleteKcliCluster == true), ct)));
    }

    /// <summary>Runs an engine verb: its result as 200, a refusal the operator can act on as 409 with the fix.</summary>
    public static async Task<Results<Ok<T>, ProblemHttpResult>> ActAsync<T>(Func<Task<T>> action)
    {
        try
        {
            return TypedResults.Ok(await action());
        }
        catch (ActionableException e)
        {
            return Conflict(e);
        }
    }

    public static async Task<Ok<RunPage>> QueryAsync(
        [FromServices] IRunStore runs,
        Guid? labId,
        RunStatus? status,
        DateTimeOffset? from,
        DateTimeOffset? to,
        int? page,
        int? pageSize,
        CancellationToken cancellationToken)
    {
        var query = new RunQuery(labId, status, from, to, Math.Max(page ?? 0, 0), Math.Clamp(pageSize ?? 20, 1, 200));
        return TypedResults.Ok(await runs.QueryAsync(query, cancellationToken));
    }

    public static async Task<Results<Ok<RunRecord>, NotFound>> GetAsync([FromServices] IRunStore runs, Guid id, CancellationToken cancellationToken) =>
        await runs.GetAsync(id, cancellationToken) is { } run ? TypedResults.Ok(run) : TypedResults.NotFound();

    /// <summary>Stored events after sequence <paramref name="after"/>, at most <paramref name="max"/> (≤ 1000).</summary>
    public static async Task<Ok<IReadOnlyList<RunEvent>>> EventsAsync(
        [FromServices] IRunEventStore events,
        Guid id,
        long? after,
        int? max,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await events.ReadAsync(id, Math.Max(after ?? 0, 0), Math.Clamp(max ?? MaxEventsPerRead, 1, MaxEventsPerRead), cancellationToken));

    /// <summary>The run as a GitOps bundle: manifests with a kustomization, the kcli parameter file, the patched domain XMLs.</summary>
    public static async Task<Results<FileContentHttpResult, NotFound>> BundleAsync([FromServices] BundleExporter bundles, Guid id, CancellationToken cancellationToken) =>
        await bundles.ExportAsync(id, cancellationToken) is { } zip
            ? TypedResults.File(zip, "application/zip", $"virtsriov-run-{id:N}.zip")
            : TypedResults.NotFound();

    /// <summary>Opens a run; invalid settings give a 400 ValidationProblem keyed by field, a refused run a 409 with the fix.</summary>
    public static async Task<Results<Created<RunCreated>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        [FromServices] IRunEngine engine,
        [FromBody] CreateRunRequest request,
        CancellationToken cancellationToken)
    {
        try
        {
            var id = await engine.CreateRunAsync(request.LabId, request.Settings ?? new RunSettings(), cancellationToken);
            return TypedResults.Created($"/api/runs/{id}", new RunCreated(id));
        }
        catch (RunSettingsException e)
        {
            return TypedResults.ValidationProblem(
                e.Errors.GroupBy(f => f.Field).ToDictionary(g => g.Key, g => g.Select(f => f.Message).ToArray()),
                detail: e.Message);
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
