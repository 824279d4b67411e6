using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using VirtSriov.Cli.Runs;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;

namespace VirtSriov.Cli.Remote;

/// <summary>
/// The dashboard's <c>/api</c> and run hub with an API token; every refusal becomes a <see cref="CliException"/>.
/// </summary>
public sealed class DashboardClient(HttpClient http, string token, HttpMessageHandler? handler) : IRunService
{
    public Uri BaseAddress => http.BaseAddress!;

    public static DashboardClient Create(Uri url, string token, HttpMessageHandler? handler = null)
    {
        var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.BaseAddress = url;
        http.Timeout = Timeout.InfiniteTimeSpan; // Apply and teardown last as long as the step; the caller's token bounds them.
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new DashboardClient(http, token, handler);
    }

    public async Task<IReadOnlyList<LabDefinition>> LabsAsync(CancellationToken cancellationToken) =>
        await SendAsync<List<LabDefinition>>(HttpMethod.Get, "api/labs", null, cancellationToken);

    public async Task<Guid> CreateRunAsync(Guid labId, RunSettings settings, CancellationToken cancellationToken) =>
        (await SendAsync<JsonElement>(HttpMethod.Post, "api/runs", new { labId, settings }, cancellationToken)).GetProperty("id").GetGuid();

    public Task<RunRecord> RunAsync(Guid runId, CancellationToken cancellationToken) =>
        SendAsync<RunRecord>(HttpMethod.Get, $"api/runs/{runId}", null, cancellationToken);

    public Task<StepPlan> PlanAsync(Guid runId, StepKind step, CancellationToken cancellationToken) =>
        SendAsync<StepPlan>(HttpMethod.Post, $"api/runs/{runId}/steps/{step}/plan", null, cancellationToken);

    public Task<StepRunRecord> ApplyAsync(Guid runId, StepKind step, CancellationToken cancellationToken) =>
        SendAsync<StepRunRecord>(HttpMethod.Post, $"api/runs/{runId}/steps/{step}/apply", null, cancellationToken);

    public Task<RunRecord> RunRemainingAsync(Guid runId, CancellationToken cancellationToken) =>
        SendAsync<RunRecord>(HttpMethod.Post, $"api/runs/{runId}/run-remaining", null, cancellationToken);

    public Task<RunRecord> TeardownAsync(Guid runId, CancellationToken cancellationToken) =>
        SendAsync<RunRecord>(HttpMethod.Post, $"api/runs/{runId}/teardown", null, cancellationToken);

    public Task<RunRecord> ResumeAsync(Guid runId, CancellationToken cancellationToken) =>
        SendAsync<RunRecord>(HttpMethod.Post, $"api/runs/{runId}/resume", null, cancellationToken);

    public Task<RunComparison> CompareAsync(Guid a, Guid b, CancellationToken cancellationToken) =>
        SendAsync<RunComparison>(HttpMethod.Get, $"api/runs/compare?a={a}&b={b}", null, cancellationToken);

    public async Task<byte[]> BundleAsync(Guid runId, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(HttpMethod.Get, $"api/runs/{runId}/bundle", null, cancellationToken);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    public IAsyncEnumerable<RunEvent> FollowAsync(Guid runId, long afterSequence, CancellationToken cancellationToken) =>
        RunWatcher.FollowAsync(BaseAddress, token, runId, afterSequence, handler, cancellationToken);

    public ValueTask DisposeAsync()
    {
        http.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(method, path, body, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(RunJson.Options, cancellationToken)
            ?? throw new CliException(ExitCodes.Unreachable, $"{method} {path} answered with an empty body.");
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: RunJson.Options) };
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new CliException(ExitCodes.Unreachable, $"{BaseAddress} could not be reached: {e.Message}", "Check --url (or VIRTSRIOV_URL) and that the dashboard runs.", e);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await RefusalAsync(method, path, response, cancellationToken);
        }
    }

    private static async Task<CliException> RefusalAsync(HttpMethod method, string path, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var (detail, fix) = await ReadProblemAsync(response, cancellationToken);
        var code = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ExitCodes.NotAuthorized,
            HttpStatusCode.BadRequest or HttpStatusCode.NotFound => ExitCodes.BadInput,
            >= HttpStatusCode.InternalServerError => ExitCodes.Unreachable,
            _ => ExitCodes.Failed,
        };
        return new CliException(code, $"{method} /{path}: {(int)response.StatusCode} {detail ?? response.ReasonPhrase}", fix);
    }

    /// <summary>The problem's detail (with field errors) and fix, when the body is a ProblemDetails.</summary>
    private static async Task<(string? Detail, string? Fix)> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var root = problem.RootElement;
            var detail = root.TryGetProperty("detail", out var d) ? d.GetString() : root.TryGetProperty("title", out var t) ? t.GetString() : null;
            if (root.TryGetProperty("errors", out var errors))
            {
                var missing = errors.EnumerateObject()
                    .SelectMany(e => e.Value.EnumerateArray().Select(m => $"{e.Name}: {m.GetString()}"))
                    .Where(e => detail?.Contains(e, StringComparison.Ordinal) != true);
                detail = string.Join(" ", [detail, .. missing]).Trim();
            }

            return (detail, root.TryGetProperty("fix", out var f) ? f.GetString() : null);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }
}
