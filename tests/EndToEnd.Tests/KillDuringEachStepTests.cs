using System.Globalization;
using System.IO.Enumeration;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace VirtSriov.EndToEnd.Tests;

/// <summary>
/// Fault injection on the simulated lab: the real dashboard process is killed with SIGKILL while each of the seven
/// steps is applying, restarted on the same data folder, and the run resumed through the API with a token. The run
/// must end as an uninterrupted run on a fresh data folder ends, with every journaled change either finished or
/// reported as unfinished in the run's log, and no change applied more often than the uninterrupted run applies it;
/// its journal, step outcomes and lab state must equal the uninterrupted run's. About 2 minutes on 2 cores.
/// </summary>
public sealed partial class KillDuringEachStepTests
{
    /// <summary>The simulated lab waits this long between a change's journaled intent and the change (a slow host), so the kill lands mid-change.</summary>
    private const string ChangeDelay = "00:00:00.300";

    private static readonly string[] Steps = ["Preflight", "VirtualFunctions", "Cluster", "WorkerVms", "NodeTuning", "DevicePlugin", "DpdkTest"];
    private static readonly string[] DelayedChanges = ["--VirtSriov:SimulatedLabChangeDelay", ChangeDelay];

    [Fact]
    public async Task KillNine_DuringEachStep_ResumedRunEndsAsUninterruptedRun_NoChangeLostOrAppliedTwice()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(20));
        var ct = timeout.Token;

        var reference = await UninterruptedRunAsync(ct);
        var faulted = await KilledInEachStepRunAsync(reference, ct);
        try
        {
            Verify(reference, faulted);
        }
        finally
        {
            Directory.Delete(reference.DataDirectory, recursive: true);
            Directory.Delete(faulted.DataDirectory, recursive: true);
        }
    }

    private static void Verify(RunResult reference, RunResult faulted)
    {
        var log = TestContext.Current.TestOutputHelper!;
        foreach (var step in Steps)
        {
            log.WriteLine($"figure: kill -9 in {step,-17} killed mid-step {(faulted.KilledMidStep[step] ? "y" : "n")} (mid-change {(faulted.KilledMidChange[step] ? "y" : "n")}, {reference.ChangesPerStep[step]} changes in the step)");
        }

        var lost = faulted.Changes.Where(c => c.CompletedAt is null && !faulted.Log.Any(t => t.Replace(faulted.DataDirectory, "<data>", StringComparison.Ordinal).Contains(c.Change, StringComparison.Ordinal))).ToList();
        var twice = Counts(faulted.Changes).Sum(kv => Math.Max(0, kv.Value - Counts(reference.Changes).GetValueOrDefault(kv.Key)));
        var unfinished = faulted.Changes.Count(c => c.CompletedAt is null);
        log.WriteLine($"figure: kill -9 per step: {faulted.Changes.Count} changes journaled, {unfinished} unfinished and reported, lost {lost.Count}, applied twice {twice}");

        Assert.Equal("Succeeded", faulted.Run["status"]!.GetValue<string>());
        Assert.All(Steps, step => Assert.True(faulted.KilledMidStep[step] || step == "Preflight", $"The kill did not land while {step} was applying."));
        Assert.Empty(lost);
        Assert.Equal(0, twice);
        var expected = Counts(reference.Changes);
        var actual = Counts(faulted.Changes);
        var differing = expected.Keys.Union(actual.Keys)
            .Where(k => expected.GetValueOrDefault(k) != actual.GetValueOrDefault(k))
            .Select(k => $"{k}: uninterrupted {expected.GetValueOrDefault(k)}, killed and resumed {actual.GetValueOrDefault(k)}")
            .ToList();
        Assert.True(differing.Count == 0, "The journals differ:\n" + string.Join("\n", differing));
        Assert.Equal(StepSummaries(reference.Run), StepSummaries(faulted.Run));
        Assert.Equal(LabState(reference.DataDirectory), LabState(faulted.DataDirectory));
    }

    private static async Task<RunResult> UninterruptedRunAsync(CancellationToken ct)
    {
        var data = Directory.CreateTempSubdirectory("virtsriov-e2e-reference-").FullName;
        var (dashboard, token) = await StartSignedUpAsync(data, [], ct);
        await using (dashboard)
        {
            using var api = DashboardAdmin.ApiClient(dashboard.BaseAddress, token);
            var (runId, labId) = await CreateRunAsync(api, ct);
            await PostAsync(api, $"api/runs/{runId}/run-remaining", ct);
            var history = new HistoryDatabase(data);
            var changes = await history.ChangesAsync(labId, ct);
            var run = await GetRunAsync(api, runId, ct);
            var perStep = new Dictionary<string, int>();
            foreach (var step in run["steps"]!.AsArray())
            {
                var started = step!["startedAt"]!.GetValue<DateTimeOffset>().UtcTicks;
                var finished = step["finishedAt"]!.GetValue<DateTimeOffset>().UtcTicks;
                perStep[step["step"]!.GetValue<string>()] = changes.Count(c => c.IntendedAt >= started && c.IntendedAt <= finished);
            }

            return new RunResult(data, run, WithoutDataPath(changes, data), await history.LogTextsAsync(runId, ct), perStep, new Dictionary<string, bool>(), new Dictionary<string, bool>());
        }
    }

    private static async Task<RunResult> KilledInEachStepRunAsync(RunResult reference, CancellationToken ct)
    {
        var data = Directory.CreateTempSubdirectory("virtsriov-e2e-killed-").FullName;
        var (dashboard, token) = await StartSignedUpAsync(data, DelayedChanges, ct);
        var port = dashboard.BaseAddress.Port;
        var history = new HistoryDatabase(data);
        var midStep = new Dictionary<string, bool>();
        var midChange = new Dictionary<string, bool>();
        try
        {
            using var api = DashboardAdmin.ApiClient(dashboard.BaseAddress, token);
            var (runId, labId) = await CreateRunAsync(api, ct);
            foreach (var step in Steps)
            {
                // Drive the run; the call dies with the dashboard.
                var driving = PostAsync(api, $"api/runs/{runId}/run-remaining", ct);
                var target = Math.Max(1, (reference.ChangesPerStep[step] + 1) / 2);
                midChange[step] = await WaitForKillPointAsync(history, runId, labId, step, target, reference.ChangesPerStep[step] > 0, driving, ct);
                await dashboard.KillAsync(ct);
                await Task.WhenAny(driving);
                midStep[step] = (await history.StepAsync(runId, step, ct))?.Status == "Applying";

                await dashboard.DisposeAsync();
                dashboard = DashboardProcess.Start(data, DelayedChanges, port);
                await dashboard.WaitHealthyAsync(ct);
                await PostAsync(api, $"api/runs/{runId}/resume", ct);
            }

            await PostAsync(api, $"api/runs/{runId}/run-remaining", ct);
            var run = await GetRunAsync(api, runId, ct);
            return new RunResult(data, run, WithoutDataPath(await history.ChangesAsync(labId, ct), data), await history.LogTextsAsync(runId, ct), reference.ChangesPerStep, midStep, midChange);
        }
        finally
        {
            await dashboard.DisposeAsync();
        }
    }

    /// <summary>
    /// Waits until <paramref name="step"/> is applying and, for a step that changes the lab, its
    /// <paramref name="target"/>-th change (or a later one) is journaled but not yet made. True when the kill lands
    /// mid-change.
    /// </summary>
    private static async Task<bool> WaitForKillPointAsync(HistoryDatabase history, Guid runId, Guid labId, string step, int target, bool changes, Task driving, CancellationToken ct)
    {
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (driving.IsCompleted)
            {
                throw new InvalidOperationException($"The run stopped before the kill point in {step}: {(driving.IsFaulted ? driving.Exception!.InnerException!.Message : "finished")}.");
            }

            var state = await history.StepAsync(runId, step, ct);
            if (state is ("Succeeded", _) || (!changes && state is ("Applying", _)))
            {
                // A step that changes nothing is killed as soon as it is seen applying; a step that ended before the
                // poll saw its change is killed just after (the figures say so).
                return false;
            }

            if (state is ("Applying", { } started))
            {
                var ofStep = (await history.ChangesAsync(labId, ct)).Where(c => c.IntendedAt >= started).ToList();
                if (ofStep.Count >= target && ofStep[^1].CompletedAt is null)
                {
                    return true;
                }
            }

            await Task.Delay(5, ct);
        }
    }

    private static async Task<(DashboardProcess Dashboard, string Token)> StartSignedUpAsync(string data, string[] settings, CancellationToken ct)
    {
        var dashboard = DashboardProcess.Start(data, settings);
        try
        {
            await dashboard.WaitHealthyAsync(ct);
            var setupLink = await dashboard.WaitForSetupLinkAsync(ct);
            await using var browser = await BrowserSession.StartAsync(dashboard.BaseAddress);
            await DashboardAdmin.CreateAsync(browser.Page, setupLink);
            return (dashboard, await DashboardAdmin.CreateOperatorTokenAsync(browser.Page, "fault-test"));
        }
        catch
        {
            await dashboard.DisposeAsync();
            throw;
        }
    }

    private static async Task<(Guid RunId, Guid LabId)> CreateRunAsync(HttpClient api, CancellationToken ct)
    {
        var labs = await api.GetFromJsonAsync<JsonArray>("api/labs", ct);
        var labId = labs!.Single(l => l!["kind"]!.GetValue<string>() == "Simulated")!["id"]!.GetValue<Guid>();
        var created = await PostAsync(api, "api/runs", ct, new { labId, settings = new { pfAddress = "0000:3b:00.0", testpmdSeconds = 5 } });
        return (created["id"]!.GetValue<Guid>(), labId);
    }

    private static async Task<JsonNode> PostAsync(HttpClient api, string path, CancellationToken ct, object? body = null)
    {
        using var response = await api.PostAsJsonAsync(path, body ?? new { }, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return response.IsSuccessStatusCode
            ? JsonNode.Parse(text)!
            : throw new HttpRequestException($"POST {path}: {(int)response.StatusCode} {text}");
    }

    private static async Task<JsonNode> GetRunAsync(HttpClient api, Guid runId, CancellationToken ct) =>
        (await api.GetFromJsonAsync<JsonNode>($"api/runs/{runId}", ct))!;

    /// <summary>The changes with the data folder's path (in the simulated lab's libvirt URI) taken out, so two folders compare.</summary>
    private static List<JournaledChange> WithoutDataPath(IReadOnlyList<JournaledChange> changes, string data) =>
        [.. changes.Select(c => c with { Change = c.Change.Replace(data, "<data>", StringComparison.Ordinal) })];

    /// <summary>How often each change was made successfully, with run and lab ids taken out of the change's text.</summary>
    private static Dictionary<string, int> Counts(IReadOnlyList<JournaledChange> changes) =>
        changes.Where(c => c.Succeeded).GroupBy(c => Normalize(c.Change)).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Per step: status, whether it changed the lab, its plan (summary and changes) and its outcome, ids and figures taken out.</summary>
    private static List<string> StepSummaries(JsonNode run) =>
    [
        .. run["steps"]!.AsArray().Select(s => Normalize(string.Join(" | ",
            s!["step"]!.GetValue<string>(),
            s["status"]!.GetValue<string>(),
            s["changed"]?.ToJsonString(),
            s["plan"]?["summary"]?.GetValue<string>(),
            s["plan"]?["changes"]?.ToJsonString(),
            Digits().Replace(s["outcome"]?.GetValue<string>() ?? "", "#")))),
    ];

    /// <summary>The simulated lab's state on disk (host tree, libvirt, cluster): each file's path and content, ids and times taken out.</summary>
    private static List<string> LabState(string data)
    {
        var lab = Path.Combine(data, "labs", "simulated");
        return
        [
            .. FilesWithoutFollowingLinks(lab)
                .Order(StringComparer.Ordinal)
                .Select(f => Path.GetRelativePath(lab, f) + ": " + Normalize(Timestamps().Replace(WithoutPodLogs(File.ReadAllText(f)), "<time>"))),
        ];
    }

    /// <summary>
    /// The simulated cluster's state without its pods' logs: the DPDK pod's log is real dpdk-testpmd output, different in
    /// every run, killed or not (net_null ports take random MACs; packet counts and timings vary). The test's result is
    /// compared through the DPDK step's outcome instead (<see cref="StepSummaries"/>).
    /// </summary>
    private static string WithoutPodLogs(string content)
    {
        if (!content.TrimStart().StartsWith('{'))
        {
            return content;
        }

        var state = JsonNode.Parse(content)!;
        RemoveLogs(state);
        return state.ToJsonString();

        static void RemoveLogs(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    o.Remove("log");
                    foreach (var (_, child) in o)
                    {
                        RemoveLogs(child);
                    }

                    break;
                case JsonArray a:
                    foreach (var child in a)
                    {
                        RemoveLogs(child);
                    }

                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>Every regular file under <paramref name="folder"/>; symbolic links are neither read nor followed (the simulated sysfs links back up its own tree).</summary>
    private static FileSystemEnumerable<string> FilesWithoutFollowingLinks(string folder) =>
        new FileSystemEnumerable<string>(folder, (ref FileSystemEntry entry) => entry.ToFullPath(), new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory && !entry.Attributes.HasFlag(FileAttributes.ReparsePoint),
            ShouldRecursePredicate = (ref FileSystemEntry entry) => !entry.Attributes.HasFlag(FileAttributes.ReparsePoint),
        };

    private static string Normalize(string text) => Guids().Replace(text, "<id>");

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guids();

    [GeneratedRegex(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")]
    private static partial Regex Timestamps();

    [GeneratedRegex(@"\d+([.,]\d+)*")]
    private static partial Regex Digits();

    private sealed record RunResult(
        string DataDirectory,
        JsonNode Run,
        IReadOnlyList<JournaledChange> Changes,
        IReadOnlyList<string> Log,
        IReadOnlyDictionary<string, int> ChangesPerStep,
        IReadOnlyDictionary<string, bool> KilledMidStep,
        IReadOnlyDictionary<string, bool> KilledMidChange);
}
