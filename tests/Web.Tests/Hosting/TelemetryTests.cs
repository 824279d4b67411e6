using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tokens;
using VirtSriov.Web.Api;

namespace VirtSriov.Web.Tests.Hosting;

/// <summary>The Prometheus scrape after a whole simulated run, and the detailed health checks.</summary>
public sealed partial class TelemetryTests
{
    [Fact]
    public async Task Scrape_AfterASimulatedRun_HasStepDurationsOutcomesRebootsAndTestpmdSeries()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        var ct = timeout.Token;
        await using var factory = new DashboardFactory();
        var operatorClient = await TokenClient.CreateAsync(factory, ApiTokenScope.Operator, ct);
        var scraper = await TokenClient.CreateAsync(factory, ApiTokenScope.ReadOnly, ct, "prometheus");
        var labId = (await factory.Services.GetRequiredService<ILabStore>().ListAsync(ct)).Single(l => l.IsSimulated).Id;
        var before = await ScrapeAsync(scraper, ct);

        var created = await operatorClient.PostAsJsonAsync("/api/runs", new { labId, settings = new RunSettings { PfAddress = "0000:3b:00.0", TestpmdSeconds = 5 } }, RunJson.Options, ct);
        var runId = (await created.Content.ReadFromJsonAsync<RunCreated>(RunJson.Options, ct))!.Id;
        var finished = await operatorClient.PostAsync($"/api/runs/{runId}/run-remaining", null, ct);
        var run = await finished.Content.ReadFromJsonAsync<RunRecord>(RunJson.Options, ct);
        var after = await ScrapeAsync(scraper, ct);

        Assert.Equal(RunStatus.Succeeded, run!.Status);
        foreach (var step in Enum.GetValues<StepKind>())
        {
            string[] labels = ["action=\"apply\"", "outcome=\"Succeeded\"", $"step=\"{step}\""];
            Assert.True(Value(after, "virtsriov_step_duration_seconds_count", labels) > Value(before, "virtsriov_step_duration_seconds_count", labels), $"{step}'s duration count did not grow:\n{after}");
        }

        Assert.True(Value(after, "virtsriov_step_outcomes_total", "action=\"apply\"", "outcome=\"Succeeded\"", "step=\"DpdkTest\"") >= 1, after);
        Assert.True(Value(after, "virtsriov_node_reboots_total", "node=\"virtsriov-worker-0\"") >= 1, after);
        // The rate gauge keeps the process's latest sample, which a run of another test may have written: the counter says what this run received.
        Assert.Contains("virtsriov_testpmd_packet_rate_per_second{", after, StringComparison.Ordinal);
        Assert.True(Value(after, "virtsriov_testpmd_packets_total", "direction=\"rx\"", "port=\"0\"") > Value(before, "virtsriov_testpmd_packets_total", "direction=\"rx\"", "port=\"0\""), after);
        Assert.True(Value(after, "virtsriov_testpmd_packets_total", "direction=\"tx\"", "port=\"0\"") > Value(before, "virtsriov_testpmd_packets_total", "direction=\"tx\"", "port=\"0\""), after);
        Assert.Contains("http_server_request_duration_seconds_bucket{", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DetailedHealth_NamesTheDatabaseAndEachLab_AnUnreachableLabDegradesIt_HealthzStaysBare()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new DashboardFactory();
        var client = await TokenClient.CreateAsync(factory, ApiTokenScope.ReadOnly, ct);
        var healthy = await client.GetFromJsonAsync<JsonElement>("/api/health", ct);
        await factory.Services.GetRequiredService<ILabStore>().AddAsync(
            "gone", LabKind.Host, Path.Combine(factory.DataDirectory, "no-such-sysfs"), "test:///default", ct);

        var degraded = await client.GetAsync("/api/health", ct);
        var body = await degraded.Content.ReadFromJsonAsync<JsonElement>(ct);
        var bare = await factory.CreateClient().GetAsync("/healthz", ct);

        Assert.Equal("Healthy", healthy.GetProperty("status").GetString());
        Assert.Equal("Healthy", healthy.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Contains("sysfs: ok", healthy.GetProperty("checks").GetProperty("labs").GetProperty("data").EnumerateObject().Single().Value.GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, degraded.StatusCode);
        Assert.Equal("Degraded", body.GetProperty("checks").GetProperty("labs").GetProperty("status").GetString());
        Assert.Contains("gone (sysfs", body.GetProperty("checks").GetProperty("labs").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("Healthy", await bare.Content.ReadAsStringAsync(ct));
    }

    private static async Task<string> ScrapeAsync(HttpClient client, CancellationToken ct)
    {
        var response = await client.GetAsync("/metrics", ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(ct);
    }

    /// <summary>The value of the first series of <paramref name="name"/> with all <paramref name="labels"/>, 0 when absent.</summary>
    private static double Value(string scrape, string name, params string[] labels)
    {
        var line = scrape.Split('\n').FirstOrDefault(l => l.StartsWith(name + "{", StringComparison.Ordinal) && labels.All(label => l.Contains(label, StringComparison.Ordinal)));
        return line is null ? 0 : double.Parse(ValueAtEnd().Match(line).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"\}\s+(\S+)")]
    private static partial Regex ValueAtEnd();
}
