using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace VirtSriov.EndToEnd.Tests;

/// <summary>
/// A browser follows a live run on its page while the connection is cut by a loopback relay (the circuit reconnects)
/// and while the dashboard restarts (the page comes back on a new circuit). The page's live state must account for
/// every stored event exactly once: none missed, none delivered twice, the last one shown.
/// </summary>
public sealed class LiveFollowReconnectTests
{
    [Fact]
    public async Task RunPage_ConnectionCutAndDashboardRestartMidRun_ShowsEveryStoredEventExactlyOnce()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(15));
        var ct = timeout.Token;
        var log = TestContext.Current.TestOutputHelper!;

        var data = Directory.CreateTempSubdirectory("virtsriov-e2e-reconnect-").FullName;
        // On SIGTERM the host lets requests in flight finish for its shutdown timeout (30 s by default), time enough for a
        // simulated run's last steps: 1 s makes the stop interrupt the run, as a restart mid-step does.
        string[] quickStop = ["--shutdownTimeoutSeconds", "1"];
        var dashboard = DashboardProcess.Start(data, quickStop);
        var port = dashboard.BaseAddress.Port;
        await using var relay = new LoopbackRelay(port);
        try
        {
            await dashboard.WaitHealthyAsync(ct);
            var setupLink = await dashboard.WaitForSetupLinkAsync(ct);
            await using var browser = await BrowserSession.StartAsync(relay.BaseAddress);
            var page = browser.Page;
            await DashboardAdmin.CreateAsync(page, new Uri(relay.BaseAddress, setupLink.PathAndQuery));
            var token = await DashboardAdmin.CreateOperatorTokenAsync(page, "reconnect-test");
            using var api = DashboardAdmin.ApiClient(dashboard.BaseAddress, token);
            var history = new HistoryDatabase(data);
            var runId = await CreateRunAsync(api, ct);

            await page.GotoAsync($"runs/{runId}");
            await DashboardAdmin.WaitInteractiveAsync(page);
            var driving = PostAsync(api, $"api/runs/{runId}/run-remaining", ct);

            // (b) The connection drops twice while steps apply; the circuit reconnects through the relay.
            foreach (var step in new[] { "VirtualFunctions", "WorkerVms" })
            {
                await WaitStepAsync(history, runId, step, ct);
                var cut = relay.CutAll();
                log.WriteLine($"figure: relay cut {cut} connection(s) while {step} was applying");
            }

            // (a) The dashboard stops as soon as Node tuning applies (its simulated rollout takes about 20 s), before the
            // page is compared: a page slowed by a loaded machine must not let the run finish first.
            await WaitStepAsync(history, runId, "NodeTuning", ct);
            await dashboard.StopAsync(ct);
            var cutFigures = await CompareAsync(page, history, runId, untilStoredEnd: false, ct);
            log.WriteLine($"figure: after the relay cuts, up to the page's last event when the dashboard stopped: {cutFigures}");

            // The dashboard restarts; the run is resumed and finished.
            await Task.WhenAny(driving);
            await dashboard.DisposeAsync();
            dashboard = DashboardProcess.Start(data, quickStop, port);
            await dashboard.WaitHealthyAsync(ct);
            await PostAsync(api, $"api/runs/{runId}/resume", ct);
            var finished = await PostAsync(api, $"api/runs/{runId}/run-remaining", ct);
            Assert.Equal("Succeeded", finished["status"]!.GetValue<string>());
            await Assertions.Expect(page.GetByTestId("live-events")).ToHaveAttributeAsync(
                "data-last-sequence", (await history.EventSequencesAsync(runId, ct))[^1].ToString(CultureInfo.InvariantCulture), new() { Timeout = 60_000 });
            var restartFigures = await CompareAsync(page, history, runId, untilStoredEnd: true, ct);
            log.WriteLine($"figure: after the dashboard restart: {restartFigures}");

            Assert.Equal((0, 0), (cutFigures.Missed, cutFigures.Repeated));
            Assert.Equal(cutFigures.Stored, cutFigures.Received);
            Assert.Equal((0, 0), (restartFigures.Missed, restartFigures.Repeated));
            Assert.Equal(restartFigures.Stored, restartFigures.Received);
            Assert.Equal(restartFigures.RenderedLines, restartFigures.RenderedLines.Distinct().ToList());
        }
        finally
        {
            await dashboard.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>
    /// The page's account of the events (received, missed, repeated, last sequence) against the store: with
    /// <paramref name="untilStoredEnd"/> once the page shows the last event stored when it is called, else as the page
    /// is now (the dashboard stopped: events stored after the page's last one never reached it).
    /// </summary>
    private static async Task<Figures> CompareAsync(IPage page, HistoryDatabase history, Guid runId, bool untilStoredEnd, CancellationToken ct)
    {
        var stored = await history.EventSequencesAsync(runId, ct);
        if (untilStoredEnd)
        {
            await page.WaitForFunctionAsync(
                "last => Number(document.querySelector('[data-testid=live-events]')?.dataset.lastSequence ?? 0) >= last",
                stored[^1],
                new() { Timeout = 60_000 });
        }

        // One snapshot of the page (it redraws up to 4 times a second), then what the store held up to the page's last
        // event: events are stored before they are sent, so the store has every event the page has.
        var shown = await page.EvaluateAsync<long[]>("""
            () => {
              const live = document.querySelector('[data-testid=live-events]').dataset;
              return [live.lastSequence, live.received, live.missed, live.repeated].map(Number);
            }
            """);
        var rendered = await page.Locator(".run-log-line").EvaluateAllAsync<long[]>("rows => rows.map(r => Number(r.dataset.sequence))");
        stored = await history.EventSequencesAsync(runId, ct);
        return new Figures(stored.Count(s => s <= shown[0]), (int)shown[1], (int)shown[2], (int)shown[3], [.. rendered]);
    }

    private static async Task WaitStepAsync(HistoryDatabase history, Guid runId, string step, CancellationToken ct)
    {
        while ((await history.StepAsync(runId, step, ct))?.Status is not ("Applying" or "Succeeded"))
        {
            await Task.Delay(20, ct);
        }
    }

    private static async Task<Guid> CreateRunAsync(HttpClient api, CancellationToken ct)
    {
        var labs = await api.GetFromJsonAsync<JsonArray>("api/labs", ct);
        var labId = labs!.Single(l => l!["kind"]!.GetValue<string>() == "Simulated")!["id"]!.GetValue<Guid>();
        var created = await PostAsync(api, "api/runs", ct, new { labId, settings = new { pfAddress = "0000:3b:00.0", testpmdSeconds = 8 } });
        return created["id"]!.GetValue<Guid>();
    }

    private static async Task<JsonNode> PostAsync(HttpClient api, string path, CancellationToken ct, object? body = null)
    {
        using var response = await api.PostAsJsonAsync(path, body ?? new { }, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return response.IsSuccessStatusCode ? JsonNode.Parse(text)! : throw new HttpRequestException($"POST {path}: {(int)response.StatusCode} {text}");
    }

    private sealed record Figures(int Stored, int Received, int Missed, int Repeated, IReadOnlyList<long> RenderedLines)
    {
        public override string ToString() =>
            $"{Stored} events stored, {Received} received by the page, lost {Stored - Received + 0}, missed {Missed}, duplicated {Repeated}, {RenderedLines.Count} log lines rendered ({RenderedLines.Count - RenderedLines.Distinct().Count()} twice)";
    }
}
