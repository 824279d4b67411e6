using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using VirtSriov.Core.Audit;
using VirtSriov.Core.Cluster;
using VirtSriov.Core.Host.Persistence;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;

namespace VirtSriov.Web.Api;

/// <summary>
/// Runs and their steps: create, inspect, plan, apply, run the rest, cancel, resume, abandon, tear down, compare,
/// events and the GitOps bundle. Refusals come back as 409 ProblemDetails with the fix (<see cref="ApiProblemFilter"/>).
/// </summary>
public static class RunEndpoints
{
    private const int MaxEventsPerRead = 1000;
    private const int MaxPageSize = 200;

    /// <summary>Deepest history page asked for; beyond it <c>page × pageSize</c> would leave the range the store pages by.</summary>
    private const int MaxPage = 1_000_000;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/runs", QueryAsync);
        api.MapPost("/runs", CreateAsync);
        api.MapGet("/runs/compare", CompareAsync);
        api.MapGet("/runs/export", ExportAsync);

        var run = api.MapGroup("/runs/{id:guid}").AddEndpointFilter<RunExistsFilter>().ProducesProblem(StatusCodes.Status404NotFound);
        run.MapGet("", GetAsync);
        run.MapGet("/events", EventsAsync);
        run.MapGet("/bundle", BundleAsync);
        run.MapGet("/steps/{step}", StepAsync);
        run.MapPost("/steps/{step}/inspect", InspectAsync);
        run.MapPost("/steps/{step}/plan", PlanAsync);
        run.MapPost("/steps/{step}/apply", ApplyAsync);
        run.MapPost("/run-remaining", async (IRunEngine engine, Guid id, CancellationToken ct) => TypedResults.Ok(await engine.RunRemainingAsync(id, ct)));
        run.MapPost("/resume", async (IRunEngine engine, IRunStore runs, Guid id, CancellationToken ct) =>
        {
            await engine.ResumeAsync(id, ct);
            return TypedResults.Ok(await runs.GetAsync(id, ct));
        });
        run.MapPost("/cancel", async (IRunEngine engine, IRunStore runs, Guid id, CancellationToken ct) =>
        {
            await engine.CancelAsync(id);
            return TypedResults.Ok(await runs.GetAsync(id, ct));
        });
        run.MapPost("/abandon", async (IRunEngine engine, IRunStore runs, Guid id, CancellationToken ct) =>
        {
            await engine.AbandonAsync(id, ct);
            return TypedResults.Ok(await runs.GetAsync(id, ct));
        });
        run.MapGet("/reboot-check", RebootInterruptionsAsync);
        run.MapPost("/reboot-check", RebootAndCheckAsync);
        run.MapPost("/teardown", async (IRunEngine engine, Guid id, bool? deleteKcliCluster, CancellationToken ct) =>
            TypedResults.Ok(await engine.TeardownAsync(id, new TeardownOptions(deleteKcliCluster == true), ct)));
    }

    public static async Task<Results<Ok<RunPage>, ValidationProblem>> QueryAsync(
        [FromServices] IRunStore runs,
        Guid? labId,
        RunStatus? status,
        DateTimeOffset? from,
        DateTimeOffset? to,
        int? page,
        int? pageSize,
        CancellationToken cancellationToken)
    {
        if (BadFilter(status, from, to) is { } bad)
        {
            return bad;
        }

        if (page is < 0 or > MaxPage)
        {
            return ApiProblems.Field("page", $"page {page} is out of range: use 0 to {MaxPage} (0 is the newest).");
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            return ApiProblems.Field("pageSize", $"pageSize {pageSize} is out of range: use 1 to {MaxPageSize}.");
        }

        var query = new RunQuery(labId, status, from, to, page ?? 0, pageSize ?? 20);
        return TypedResults.Ok(await runs.QueryAsync(query, cancellationToken));
    }

    /// <summary>
    /// The history with the same filters as a file to keep: <c>format=csv</c> (default) or <c>json</c>, one row per run
    /// (newest first, at most <see cref="RunHistoryExport.MaxRuns"/>) with the History page's columns.
    /// </summary>
    public static async Task<Results<FileContentHttpResult, ValidationProblem>> ExportAsync(
        [FromServices] IRunStore runs,
        Guid? labId,
        RunStatus? status,
        DateTimeOffset? from,
        DateTimeOffset? to,
        string? format,
        CancellationToken cancellationToken)
    {
        if (BadFilter(status, from, to) is { } bad)
        {
            return bad;
        }

        var json = string.Equals(format, "json", StringComparison.OrdinalIgnoreCase);
        if (!json && format is not null && !string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
        {
            return ApiProblems.Field("format", $"'{format}' is not an export format: use csv or json.");
        }

        var rows = new List<RunSummary>();
        RunPage page;
        do
        {
            page = await runs.QueryAsync(new RunQuery(labId, status, from, to, rows.Count / MaxPageSize, MaxPageSize), cancellationToken);
            rows.AddRange(page.Items);
        }
        while (page.Items.Count == MaxPageSize && rows.Count < RunHistoryExport.MaxRuns);

        var text = json ? RunHistoryExport.ToJson(rows) : RunHistoryExport.ToCsv(rows);
        return TypedResults.File(
            System.Text.Encoding.UTF8.GetBytes(text),
            json ? "application/json" : "text/csv; charset=utf-8",
            json ? "virtsriov-runs.json" : "virtsriov-runs.csv");
    }

    private static ValidationProblem? BadFilter(RunStatus? status, DateTimeOffset? from, DateTimeOffset? to)
    {
        if (status is { } s && !Enum.IsDefined(s))
        {
            return ApiProblems.Field("status", $"{(int)s} is not a run status: use one of {string.Join(", ", Enum.GetNames<RunStatus>())}.");
        }

        return from > to ? ApiProblems.Field("from", $"from ({from:O}) is after to ({to:O}): swap them.") : null;
    }

    public static async Task<Ok<RunRecord>> GetAsync([FromServices] IRunStore runs, Guid id, CancellationToken cancellationToken) =>
        TypedResults.Ok((await runs.GetAsync(id, cancellationToken))!);

    /// <summary>Stored events after sequence <paramref name="after"/>, at most <paramref name="max"/> (≤ 1000).</summary>
    public static async Task<Results<Ok<IReadOnlyList<RunEvent>>, ValidationProblem>> EventsAsync(
        [FromServices] IRunEventStore events,
        Guid id,
        long? after,
        int? max,
        CancellationToken cancellationToken)
    {
        if (after < 0)
        {
            return ApiProblems.Field("after", $"after {after} is negative: use 0 for the first events, or the last sequence you have.");
        }

        if (max is < 1 or > MaxEventsPerRead)
        {
            return ApiProblems.Field("max", $"max {max} is out of range: use 1 to {MaxEventsPerRead}.");
        }

        return TypedResults.Ok(await events.ReadAsync(id, after ?? 0, max ?? MaxEventsPerRead, cancellationToken));
    }

    /// <summary>The run as a GitOps bundle: manifests with a kustomization, the kcli parameter file, the patched domain XMLs.</summary>
    public static async Task<FileContentHttpResult> BundleAsync([FromServices] BundleExporter bundles, Guid id, CancellationToken cancellationToken) =>
        TypedResults.File((await bundles.ExportAsync(id, cancellationToken))!, "application/zip", $"virtsriov-run-{id:N}.zip");

    /// <summary>The stored state of one step: status, findings, plan, outcome (read-only; inspect and plan record new ones).</summary>
    public static async Task<Results<Ok<StepRunRecord>, ValidationProblem>> StepAsync([FromServices] IRunStore runs, Guid id, string step, CancellationToken cancellationToken) =>
        StepRoute.TryParse(step, out var kind)
            ? TypedResults.Ok((await runs.GetAsync(id, cancellationToken))!.Step(kind))
            : BadStep(step);

    /// <summary>Inspects the step (read-only on the lab) and records its findings on the run.</summary>
    public static async Task<Results<Ok<IReadOnlyList<StepFinding>>, ValidationProblem>> InspectAsync([FromServices] IRunEngine engine, Guid id, string step, CancellationToken cancellationToken) =>
        StepRoute.TryParse(step, out var kind) ? TypedResults.Ok(await engine.InspectAsync(id, kind, cancellationToken)) : BadStep(step);

    /// <summary>Plans the step (changes nothing on the lab) and records the plan Apply will carry out.</summary>
    public static async Task<Results<Ok<StepPlan>, ValidationProblem>> PlanAsync([FromServices] IRunEngine engine, Guid id, string step, CancellationToken cancellationToken) =>
        StepRoute.TryParse(step, out var kind) ? TypedResults.Ok(await engine.PlanAsync(id, kind, cancellationToken)) : BadStep(step);

    /// <summary>Applies the step's stored plan (planning first when there is none) and returns its final state.</summary>
    public static async Task<Results<Ok<StepRunRecord>, ValidationProblem>> ApplyAsync([FromServices] IRunEngine engine, Guid id, string step, CancellationToken cancellationToken) =>
        StepRoute.TryParse(step, out var kind) ? TypedResults.Ok(await engine.ApplyAsync(id, kind, cancellationToken)) : BadStep(step);

    /// <summary>Opens a run; invalid settings give a 400 ValidationProblem keyed by field, a refused run a 409 with the fix.</summary>
    public static async Task<Created<RunCreated>> CreateAsync(
        [FromServices] IRunEngine engine,
        [FromBody] CreateRunRequest request,
        CancellationToken cancellationToken)
    {
        var id = await engine.CreateRunAsync(request.LabId, request.Settings ?? new RunSettings(), cancellationToken);
        return TypedResults.Created($"/api/runs/{id}", new RunCreated(id));
    }

    /// <summary>What "Reboot host and check" would interrupt on the run's hypervisor (to confirm before POSTing).</summary>
    public static async Task<Results<Ok<RebootInterruptions>, ProblemHttpResult>> RebootInterruptionsAsync([FromServices] IRebootAndCheck reboot, Guid id, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(new RebootInterruptions(await reboot.InterruptionsAsync(id, cancellationToken)));
        }
        catch (ActionableException e)
        {
            return ApiProblems.From(e);
        }
    }

    /// <summary>Reboots the run's hypervisor (confirm=true required), waits for SSH and compares its VFs with what the Virtual functions step recorded.</summary>
    public static async Task<Results<Ok<RebootCheckReport>, ProblemHttpResult>> RebootAndCheckAsync(
        [FromServices] IRebootAndCheck reboot, [FromServices] Auditor auditor, Guid id, bool? confirm, CancellationToken cancellationToken)
    {
        try
        {
            if (confirm == true)
            {
                await auditor.RecordAsync("run.reboot-check", $"run {id}: host rebooted to check its VFs");
            }

            var report = await reboot.RunAsync(id, confirm == true, cancellationToken);
            await auditor.RecordAsync("run.reboot-check", $"run {id}: {report.Host} back after {report.RebootSeconds:0} s, VFs {(report.Restored ? "restored" : "NOT restored")}");
            return TypedResults.Ok(report);
        }
        catch (ActionableException e)
        {
            return ApiProblems.From(e);
        }
    }

    public static async Task<Results<Ok<RunComparison>, ProblemHttpResult>> CompareAsync([FromServices] IRunStore runs, Guid a, Guid b, CancellationToken cancellationToken)
    {
        var left = await runs.GetAsync(a, cancellationToken);
        var right = await runs.GetAsync(b, cancellationToken);
        return left is null || right is null
            ? ApiProblems.NotFound($"There is no run {(left is null ? a : b)}.", "GET /api/runs lists the runs; pass two of their ids as ?a=&b=.")
            : TypedResults.Ok(RunComparison.Of(left, right));
    }

    private static ValidationProblem BadStep(string step) => ApiProblems.Invalid([StepRoute.Error(step)], $"Unknown step '{step}'.");
}
