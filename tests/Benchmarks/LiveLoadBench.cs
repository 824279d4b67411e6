using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using VirtSriov.Core.Runs.Events;
using VirtSriov.EndToEnd.Tests;

namespace VirtSriov.Benchmarks;

/// <summary>
/// Many followers of one live run on the simulated lab, against the real dashboard process: <c>hubClients</c>
/// SignalR clients of the run hub (what the CLI's watch uses) plus <c>circuits</c> real Blazor circuits (Chromium pages
/// on the run page; 100 Chromium pages do not fit on 2 cores beside the dashboard, so the pages are a sample).
/// Update latency = from the event's timestamp (taken when the engine publishes it, same clock) to a hub client
/// receiving it, or to a page showing it (the page redraws at most 4 times a second, by design). Memory per
/// follower = the dashboard's resident memory growth when the followers connect, divided by their number.
/// </summary>
internal static class LiveLoadBench
{
    public static async Task RunAsync(int hubClients, int circuits)
    {
        var data = Directory.CreateTempSubdirectory("virtsriov-bench-load-").FullName;
        await using var dashboard = DashboardProcess.Start(data);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(30));
        var ct = timeout.Token;
        await dashboard.WaitHealthyAsync(ct);
        var setupLink = await dashboard.WaitForSetupLinkAsync(ct);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = dashboard.BaseAddress.ToString() });
        context.SetDefaultTimeout(120_000);
        var admin = await context.NewPageAsync();
        await DashboardAdmin.CreateAsync(admin, setupLink);
        var token = await DashboardAdmin.CreateOperatorTokenAsync(admin, "load-bench");
        await admin.CloseAsync();
        using var api = DashboardAdmin.ApiClient(dashboard.BaseAddress, token);
        var runId = await CreateRunAsync(api, ct);

        var after = (await StoredTimesAsync(api, runId, ct)).Keys.Max();
        var baseline = dashboard.ResidentBytes();
        var received = new ConcurrentBag<double>();
        var connections = new List<HubConnection>();
        var follows = new List<Task<int>>();
        for (var i = 0; i < hubClients; i++)
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(dashboard.BaseAddress, "hubs/runs"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
                .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
                .Build();
            await connection.StartAsync(ct);
            connections.Add(connection);
            follows.Add(FollowAsync(connection, runId, after, received, ct));
        }

        var withHubClients = dashboard.ResidentBytes();
        var pages = new List<IPage>();
        for (var i = 0; i < circuits; i++)
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync($"runs/{runId}");
            await DashboardAdmin.WaitInteractiveAsync(page);
            await page.EvaluateAsync(RecordShownSequences);
            pages.Add(page);
        }

        var withCircuits = dashboard.ResidentBytes();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"live load: dashboard memory {baseline / 1048576.0:N0} MiB idle, {withHubClients / 1048576.0:N0} MiB with {hubClients} hub clients ({(withHubClients - baseline) / 1024.0 / hubClients:N0} KiB each), {withCircuits / 1048576.0:N0} MiB with {circuits} circuits too ({(withCircuits - withHubClients) / 1024.0 / Math.Max(1, circuits):N0} KiB per circuit)"));
        using (var response = await api.PostAsJsonAsync($"api/runs/{runId}/run-remaining", new { }, ct))
        {
            response.EnsureSuccessStatusCode();
        }

        var counts = await Task.WhenAll(follows);
        var stored = await StoredTimesAsync(api, runId, ct);
        var circuitLags = new List<double>();
        foreach (var page in pages)
        {
            var last = stored.Keys.Max();
            await page.WaitForFunctionAsync("last => window.virtSriovShown.at(-1)?.[1] >= last", last);
            var shown = await page.EvaluateAsync<double[][]>("() => window.virtSriovShown");
            circuitLags.AddRange(PageLags(shown, stored));
        }

        var peak = dashboard.ResidentBytes();
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }

        Report($"{hubClients} hub clients", received, counts.Min(), stored.Count);
        Report($"{circuits} Blazor circuits (run page)", circuitLags, stored.Count, stored.Count);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"live load: dashboard memory {peak / 1048576.0:N0} MiB after the run"));
        Directory.Delete(data, recursive: true);
    }

    /// <summary>Keeps, in the page, when each new last sequence appeared (epoch ms, sequence), after the one shown at the start.</summary>
    private const string RecordShownSequences = """
        () => {
          const live = document.querySelector('[data-testid=live-events]');
          window.virtSriovShown = [[0, Number(live.dataset.lastSequence)]];
          new MutationObserver(() => window.virtSriovShown.push([performance.timeOrigin + performance.now(), Number(live.dataset.lastSequence)]))
            .observe(live, { attributes: true, attributeFilter: ['data-last-sequence'] });
        }
        """;

    private static async Task<int> FollowAsync(HubConnection connection, Guid runId, long after, ConcurrentBag<double> lags, CancellationToken ct)
    {
        var count = 0;
        await foreach (var e in connection.StreamAsync<RunEvent>("Follow", runId, after, ct))
        {
            count++;
            lags.Add((DateTimeOffset.UtcNow - e.At).TotalMilliseconds);
            if (e is { Kind: RunEventKind.RunStatusChanged, RunStatus: not Core.Runs.RunStatus.Active and not null })
            {
                return count;
            }
        }

        return count;
    }

    /// <summary>For every event the page showed (the last shown sequence moved past it): when it was shown minus when it was published.</summary>
    private static IEnumerable<double> PageLags(double[][] shown, Dictionary<long, DateTimeOffset> stored)
    {
        var previous = (long)shown[0][1];
        foreach (var entry in shown.Skip(1))
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds((long)entry[0]);
            for (var sequence = previous + 1; sequence <= (long)entry[1]; sequence++)
            {
                if (stored.TryGetValue(sequence, out var published))
                {
                    yield return (at - published).TotalMilliseconds;
                }
            }

            previous = Math.Max(previous, (long)entry[1]);
        }
    }

    private static async Task<Dictionary<long, DateTimeOffset>> StoredTimesAsync(HttpClient api, Guid runId, CancellationToken ct)
    {
        var times = new Dictionary<long, DateTimeOffset>();
        while (true)
        {
            var page = await api.GetFromJsonAsync<JsonArray>($"api/runs/{runId}/events?after={(times.Count == 0 ? 0 : times.Keys.Max())}", ct);
            if (page is null || page.Count == 0)
            {
                return times;
            }

            foreach (var e in page)
            {
                times[e!["sequence"]!.GetValue<long>()] = e["at"]!.GetValue<DateTimeOffset>();
            }
        }
    }

    private static async Task<Guid> CreateRunAsync(HttpClient api, CancellationToken ct)
    {
        var labs = await api.GetFromJsonAsync<JsonArray>("api/labs", ct);
        var labId = labs!.Single(l => l!["kind"]!.GetValue<string>() == "Simulated")!["id"]!.GetValue<Guid>();
        using var response = await api.PostAsJsonAsync("api/runs", new { labId, settings = new { pfAddress = "0000:3b:00.0", testpmdSeconds = 20 } }, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonNode>(ct))!["id"]!.GetValue<Guid>();
    }

    private static void Report(string who, IEnumerable<double> lags, int eventsEach, int stored)
    {
        var sorted = lags.Order().ToArray();
        double At(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"live load: {who}: {sorted.Length:N0} (event, follower) updates, {eventsEach:N0} of {stored:N0} events each; latency p50 {At(0.5):N0} ms, p99 {At(0.99):N0} ms, max {(sorted.Length == 0 ? double.NaN : sorted[^1]):N0} ms"));
    }
}
