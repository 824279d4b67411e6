using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace VirtSriov.EndToEnd.Tests;

/// <summary>
/// The whole chain on emulated hardware (QEMU igb + vIOMMU: SIMULATED hardware; a real kernel, libvirtd, QEMU and
/// testpmd), in the real dashboard process: the Labs page boots the lab, which holds a kcli-shaped worker domain; in
/// Chromium a "Hypervisor only" run applies Preflight, Virtual functions and Worker VMs in the wizard (the product's
/// patcher: q35, UEFI, Intel vIOMMU, a VF as managed vfio hostdev, memtune; QEMU starts the nested worker); the DPDK test
/// in the worker is applied through the API with an operator token while the wizard's page shows its live chart
/// (screenshot); testpmd runs in the worker as nobody with IOVA as VA, the lab's other VF as the peer. The API tears the
/// run down, and Inspect on a new run finds the lab as it was. Figures per stage (never asserted) in the test output
/// and TestResults/end-to-end/whole-chain-figures.txt. TCG inside TCG needs the machine to itself: scripts/test.sh runs
/// this category after every other test, opt-in (VIRTSRIOV_WHOLE_CHAIN=1) until teardown puts a PF that the run brought
/// up back down: the run's PF keeps an IPv6 default route (QEMU's router advertisements) that Inspect reports.
/// </summary>
[Trait("Category", "WholeChain")]
public sealed class WholeChainWizardEndToEndTests : IDisposable
{
    private static readonly TimeSpan Whole = TimeSpan.FromMinutes(45);
    private static readonly TimeSpan DpdkStep = TimeSpan.FromMinutes(25);
    private const int TestpmdSeconds = 10;

    private readonly string _cli = Directory.CreateTempSubdirectory("virtsriov-e2e-chain-cli-").FullName;

    [Fact]
    public async Task HypervisorOnlyRun_TestpmdInTheNestedWorkerForwardsBothWaysAsNobody_TeardownLeavesTheLabAsItWas()
    {
        using var whole = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        whole.CancelAfter(Whole);
        var ct = whole.Token;
        await EmulatedLabWizard.SkipUnlessLabPreparedAsync(ct);
        await EmulatedLabWizard.PublishCliAsync(_cli, ct);
        await using var dashboard = DashboardProcess.Start(settings: ["--VirtSriov:CliPublishDirectory", _cli]);
        using var startup = CancellationTokenSource.CreateLinkedTokenSource(ct);
        startup.CancelAfter(TimeSpan.FromSeconds(90));
        await dashboard.WaitHealthyAsync(startup.Token);
        var setupLink = await dashboard.WaitForSetupLinkAsync(startup.Token);
        await using var browser = await BrowserSession.StartAsync(dashboard.BaseAddress);
        var page = browser.Page;
        var figures = new EmulatedLabWizard.Figures(TestContext.Current.TestOutputHelper!, "whole-chain-figures.txt");
        var booted = false;
        try
        {
            await DashboardAdmin.CreateAsync(page, setupLink);
            var total = Stopwatch.StartNew();
            var clock = Stopwatch.StartNew();
            await EmulatedLabWizard.BootLabAsync(browser);
            booted = true;
            figures.WriteLine($"figure: lab boot (SSH, libvirtd, the kcli-shaped worker defined) {clock.Elapsed.TotalSeconds:0.0} s");

            var runId = await EmulatedLabWizard.CreateHypervisorOnlyRunAsync(browser, vfsPerWorker: 1, testpmdSeconds: TestpmdSeconds);
            var token = await DashboardAdmin.CreateOperatorTokenAsync(page, "whole-chain-e2e");
            using var api = DashboardAdmin.ApiClient(dashboard.BaseAddress, token);
            var findingsBefore = await InspectPreflightAsync(api, runId, ct);
            await page.GotoAsync($"runs/{runId}/wizard/Preflight");
            await DashboardAdmin.WaitInteractiveAsync(page);

            clock.Restart();
            await EmulatedLabWizard.ApplyAsync(browser, "Preflight", "chain-1-preflight");
            await page.GetByRole(AriaRole.Link, new() { Name = "Next" }).ClickAsync();
            await EmulatedLabWizard.ApplyAsync(browser, "Virtual functions", "chain-2-virtual-functions");
            figures.WriteLine($"figure: VFs ready (Preflight and Virtual functions over SSH, in the wizard) {clock.Elapsed.TotalSeconds:0.0} s");
            await page.GetByRole(AriaRole.Link, new() { Name = "Next" }).ClickAsync();
            clock.Restart();
            var workers = await EmulatedLabWizard.ApplyAsync(browser, "Worker VMs", "chain-3-worker-vms");
            figures.WriteLine($"figure: worker patched, defined and started (Worker VMs, in the wizard) {clock.Elapsed.TotalSeconds:0.0} s");

            await page.GetByRole(AriaRole.Link, new() { Name = "Next" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("DPDK test", new() { IgnoreCase = true });
            clock.Restart();
            var apply = ApplyThroughApiAsync(api, runId, "DpdkTest", ct);
            var chart = page.GetByTestId("throughput-chart");
            var firstSample = Assertions.Expect(chart).Not.ToContainTextAsync("No throughput samples yet.", new() { Timeout = (float)DpdkStep.TotalMilliseconds });
            if (await Task.WhenAny(firstSample, apply) == apply)
            {
                var early = await apply;
                Assert.True(early.GetProperty("status").GetString() == "Succeeded", $"The DPDK test in the worker failed: {early.GetProperty("error")} {early.GetProperty("fix")}");
                // It ended before the page drew a sample: the samples it recorded must be on the chart now.
                await Assertions.Expect(chart).Not.ToContainTextAsync("No throughput samples yet.", new() { Timeout = 30_000 });
            }
            else
            {
                await firstSample;
            }

            figures.WriteLine($"figure: first worker sample on the live chart (nested boot to the guest agent, peer and worker testpmd started) {clock.Elapsed.TotalSeconds:0.0} s");
            await browser.ScreenshotAsync("chain-4-live-chart");
            var dpdk = await apply;
            figures.WriteLine($"figure: DPDK test in the worker ({TestpmdSeconds} s of forwarding) {clock.Elapsed.TotalSeconds:0.0} s");
            await page.ReloadAsync();
            await DashboardAdmin.WaitInteractiveAsync(page);
            await Assertions.Expect(page.GetByTestId("step-outcome")).ToContainTextAsync("uid 65534");
            await browser.ScreenshotAsync("chain-5-dpdk-test");

            var outcome = dpdk.GetProperty("outcome").GetString()!;
            foreach (var stage in await DpdkStagesAsync(api, runId, ct))
            {
                figures.WriteLine("figure: " + stage);
            }

            figures.WriteLine("figure: DPDK test outcome: " + outcome);

            clock.Restart();
            var teardown = await PostAsync(api, $"api/runs/{runId}/teardown", ct);
            figures.WriteLine($"figure: teardown through the API (worker restored, VFs and boot unit removed) {clock.Elapsed.TotalSeconds:0.0} s");
            var check = await CreateRunLikeAsync(api, runId, ct);
            var findingsAfter = await InspectPreflightAsync(api, check, ct);
            await PostAsync(api, $"api/runs/{check}/abandon", ct);
            figures.WriteLine($"figure: whole chain, lab boot to teardown {total.Elapsed.TotalSeconds:0.0} s");

            await EmulatedLabWizard.PowerOffAsync(browser);
            booted = false;

            Assert.Contains("virtsriov-worker-0", workers, StringComparison.Ordinal);
            Assert.Equal("Succeeded", dpdk.GetProperty("status").GetString());
            Assert.Contains("testpmd ran as uid 65534 with IOVA as VA", outcome, StringComparison.Ordinal);
            Assert.Matches(@"peer VF \S+ received [1-9][\d,]* and sent back [1-9]", outcome);
            Assert.Matches(@"^testpmd sent [1-9][\d,]*, received [1-9]", outcome);
            Assert.Equal("TornDown", teardown.GetProperty("teardown").GetString());
            Assert.Equal(findingsBefore, findingsAfter);
            Assert.Empty(browser.PolicyViolations);
        }
        catch
        {
            await browser.ScreenshotAsync("chain-failure");
            TestContext.Current.TestOutputHelper!.WriteLine(string.Join('\n', dashboard.Output.TakeLast(120)));
            throw;
        }
        finally
        {
            if (booted)
            {
                // Never leave a guest running: the dashboard powers the lab off when it stops.
                await dashboard.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(4), CancellationToken.None);
            }
        }
    }

    public void Dispose() => Directory.Delete(_cli, recursive: true);

    private static async Task<JsonElement> ApplyThroughApiAsync(HttpClient api, Guid runId, string step, CancellationToken ct) =>
        await PostAsync(api, $"api/runs/{runId}/steps/{step}/apply", ct).WaitAsync(DpdkStep, ct);

    private static async Task<JsonElement> PostAsync(HttpClient api, string path, CancellationToken ct)
    {
        using var response = await api.PostAsync(path, null, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, $"POST {path} answered {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>
    /// The DPDK step's stages from the run's own log times: from Apply to the worker's guest agent answering (the step
    /// then starts testpmd in it: the nested boot), and from there to the worker's first statistics block (DPDK's start).
    /// </summary>
    private static async Task<IReadOnlyList<string>> DpdkStagesAsync(HttpClient api, Guid runId, CancellationToken ct)
    {
        var events = new List<JsonElement>();
        for (long after = 0; ;)
        {
            var page = await api.GetFromJsonAsync<JsonElement[]>($"api/runs/{runId}/events?after={after}&max=1000", ct);
            if (page is not { Length: > 0 })
            {
                break;
            }

            events.AddRange(page);
            after = page[^1].GetProperty("sequence").GetInt64();
        }

        var dpdk = events.Where(e => e.GetProperty("step").ToString() == "DpdkTest").ToList();
        DateTimeOffset? At(Func<string, bool> matches) =>
            dpdk.FirstOrDefault(e => matches(e.GetProperty("text").GetString() ?? "")) is { ValueKind: JsonValueKind.Object } found ? found.GetProperty("at").GetDateTimeOffset() : null;
        var applying = At(t => t.StartsWith("Applying", StringComparison.Ordinal));
        var booted = At(t => t.StartsWith("guest-exec in ", StringComparison.Ordinal));
        var forwarding = booted is null ? null : dpdk.FirstOrDefault(e => e.GetProperty("at").GetDateTimeOffset() >= booted && (e.GetProperty("text").GetString() ?? "").StartsWith("Port statistics", StringComparison.Ordinal)) is { ValueKind: JsonValueKind.Object } first ? first.GetProperty("at").GetDateTimeOffset() : (DateTimeOffset?)null;
        return applying is null || booted is null || forwarding is null
            ? ["DPDK test stages: not found in the run's log"]
            :
            [
                $"worker booted (Apply to its guest agent answering) {(booted - applying).Value.TotalSeconds:0.0} s",
                $"testpmd forwarding in the worker (guest-exec to its first statistics block) {(forwarding - booted).Value.TotalSeconds:0.0} s",
            ];
    }

    /// <summary>Preflight's warnings and errors, one line each, sorted: what a run could have left behind on the lab.</summary>
    private static async Task<IReadOnlyList<string>> InspectPreflightAsync(HttpClient api, Guid runId, CancellationToken ct)
    {
        var findings = await PostAsync(api, $"api/runs/{runId}/steps/Preflight/inspect", ct);
        return findings.EnumerateArray()
            .Where(f => f.GetProperty("severity").ToString() is "Warning" or "Error")
            .Select(f => $"{f.GetProperty("id").GetString()} {f.GetProperty("severity")} {f.GetProperty("observed").GetString()}")
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>A new run with the same lab and settings (to inspect the lab after teardown); returns its id.</summary>
    private static async Task<Guid> CreateRunLikeAsync(HttpClient api, Guid runId, CancellationToken ct)
    {
        var run = await api.GetFromJsonAsync<JsonElement>($"api/runs/{runId}", ct);
        using var response = await api.PostAsJsonAsync("api/runs", new { labId = run.GetProperty("labId").GetGuid(), settings = run.GetProperty("settings") }, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, $"POST api/runs answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }
}
