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
    private const int MaxPageSize = 200;

    /// <summary>Deepest history page asked for; beyond it <c>page × pageSize</c> would leave the range the store pages by.</summary>
    private const int MaxPage = 1_000_000;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/runs", QueryAsync);
        api.MapGet("/runs/{id:guid}", GetAsync);
        api.MapGet("/runs/{id:guid}/events", EventsAsync);
        api.MapGet("/runs/{id:guid}/bundle", BundleAsync);
        api.MapPost("/runs", CreateAsync);
        api.MapPost("/runs/{id:guid}/steps/{step}/apply", (IRunEngine engine, IRunStore runs, Guid id, StepKind step, CancellationToken ct) =>
            Enum.IsDefined(step)
                ? ActAsync(runs, id, () => engine.ApplyAsync(id, step, ct), ct)
                : Task.FromResult<Results<Ok<StepRunRecord>, ProblemHttpResult>>(BadRequest("step", $"{(int)step} is not a step: use one of {string.Join(", ", Enum.GetNames<StepKind>())}.")));
        api.MapPost("/runs/{id:guid}/run-remaining", (IRunEngine engine, IRunStore runs, Guid id, CancellationToken ct) =>
            ActAsync(runs, id, () => engine.RunRemainingAsync(id, ct), ct));
        api.MapPost("/runs/{id:guid}/resume", (IRunEngine engine, IRunStore runs, Guid id, CancellationToken ct) =>
            ActAsync(runs, id, async () => { await engine.ResumeAsync(id, ct); return await runs.GetAsync(id, ct); }, ct));
        api.MapPost("/runs/{id:guid}/cancel", (IRunEngine engine, IRunStore runs, Guid id, CancellationToken ct) =>
            ActAsync(runs, id, async () => { await engine.CancelAsync(id); return await runs.GetAsync(id, ct); }, ct));
        api.MapPost("/runs/{id:guid}/teardown", (IRunEngine engine, IRunStore runs, Guid id, bool? deleteKcliCluster, CancellationToken ct) =>
            ActAsync(runs, id, () => engine.TeardownAsync(id, new TeardownOptions(deleteKcliCluster == true), ct), ct));
    }

    /// <summary>
    /// Runs an engine verb on an existing run: its result as 200, an unknown run as 404, a refusal the operator can act
    /// on (including "already running") as 409 with the fix.
    /// </summary>
    public static async Task<Results<Ok<T>, ProblemHttpResult>> ActAsync<T>(IRunStore runs, Guid id, Func<Task<T>> action, CancellationToken cancellationToken)
    {
        if (await runs.GetAsync(id, cancellationToken) is null)
        {
            return TypedResults.Problem(
                title: "No such run",
                detail: $"Run {id} does not exist; GET /api/runs lists them.",
                statusCode: StatusCodes.Status404NotFound);
        }

        try
        {
            return TypedResults.Ok(await action());
        }
        catch (ActionableException e)
        {
            return Conflict(e);
        }
    }

    public static async Task<Results<Ok<RunPage>, ProblemHttpResult>> QueryAsync(
        [FromServices] IRunStore runs,
        Guid? labId,
        RunStatus? status,
        DateTimeOffset? from,
        DateTimeOffset? to,
        int? page,
        int? pageSize,
        CancellationToken cancellationToken)
    {
        if (status is { } s && !Enum.IsDefined(s))
        {
            return BadRequest("status", $"{(int)s} is not a run status: use one of {string.Join(", ", Enum.GetNames<RunStatus>())}.");
        }

        if (page is < 0 or > MaxPage)
        {
            return BadRequest("page", $"page {page} is out of range: use 0 to {MaxPage} (0 is the newest).");
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            return BadRequest("pageSize", $"pageSize {pageSize} is out of range: use 1 to {MaxPageSize}.");
        }

        if (from > to)
        {
            return BadRequest("from", $"from ({from:O}) is after to ({to:O}): swap them.");
        }

        var query = new RunQuery(labId, status, from, to, page ?? 0, pageSize ?? 20);
        return TypedResults.Ok(await runs.QueryAsync(query, cancellationToken));
    }

    public static async Task<Results<Ok<RunRecord>, NotFound>> GetAsync([FromServices] IRunStore runs, Guid id, CancellationToken cancellationToken) =>
        await runs.GetAsync(id, cancellationToken) is { } run ? TypedResults.Ok(run) : TypedResults.NotFound();

    /// <summary>Stored events after sequence <paramref name="after"/>, at most <paramref name="max"/> (≤ 1000).</summary>
    public static async Task<Results<Ok<IReadOnlyList<RunEvent>>, ProblemHttpResult>> EventsAsync(
        [FromServices] IRunEventStore events,
        Guid id,
        long? after,
        int? max,
        CancellationToken cancellationToken)
    {
        if (after < 0)
        {
            return BadRequest("after", $"after {after} is negative: use 0 for the first events, or the last sequence you have.");
        }

        if (max is < 1 or > MaxEventsPerRead)
        {
            return BadRequest("max", $"max {max} is out of range: use 1 to {MaxEventsPerRead}.");
        }

        return TypedResults.Ok(await events.ReadAsync(id, after ?? 0, max ?? MaxEventsPerRead, cancellationToken));
    }

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
                detail: e.Message.Length <= 2000 ? e.Message : e.Message[..2000] + "…");
        }
        catch (ActionableException e)
        {
            return Conflict(e);
        }
    }

    /// <summary>A 400 ValidationProblem naming one query, route or body field.</summary>
    public static ProblemHttpResult BadRequest(string field, string message) =>
        TypedResults.Problem(
            title: "One or more validation errors occurred.",
            detail: $"{field}: {message}",
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });

    private static ProblemHttpResult Conflict(ActionableException e) =>
        TypedResults.Problem(
            detail: e.Message,
            statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?> { ["fix"] = e.Fix, ["failedCall"] = e.FailedCall, ["field"] = e.Field });
}
