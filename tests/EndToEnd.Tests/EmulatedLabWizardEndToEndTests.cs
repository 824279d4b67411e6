using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace VirtSriov.EndToEnd.Tests;

/// <summary>
/// The wizard drives the emulated-hardware lab (QEMU igb + vIOMMU: SIMULATED hardware, a real kernel, sshd and libvirtd)
/// as a remote hypervisor, in real Chromium against the real dashboard process: the Labs page boots the lab on demand
/// and lists it with its qemu+ssh URI, a "Hypervisor only" run applies Preflight and Virtual functions on the guest's
/// kernel over SSH with the live log on the page, the API's "Reboot host and check" power-cycles the guest and finds the
/// VFs the boot unit restored, the run is torn down in the UI and the lab powered off. Screenshots in
/// TestResults/end-to-end (emulated-*.png); seconds per stage (figures, never asserted) in the test output and in
/// TestResults/end-to-end/emulated-figures.txt. Category EmulatedLab: scripts/test.sh runs it after the other tests, so
/// that its guest never boots beside Lab.Tests' guests (two TCG guests on 2 cores starve past the boot timeout).
/// </summary>
[Trait("Category", "EmulatedLab")]
public sealed class EmulatedLabWizardEndToEndTests : IDisposable
{
    private static readonly TimeSpan Whole = TimeSpan.FromMinutes(55);

    private readonly string _cli = Directory.CreateTempSubdirectory("virtsriov-e2e-cli-").FullName;

    [Fact]
    public async Task Wizard_OnTheEmulatedLab_AppliesPreflightAndVfsOverSsh_RebootCheckFindsThemAndTeardownPowersOff()
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
        var figures = new EmulatedLabWizard.Figures(TestContext.Current.TestOutputHelper!);
        var booted = false;
        try
        {
            await DashboardAdmin.CreateAsync(page, setupLink);
            var clock = Stopwatch.StartNew();
            var uri = await EmulatedLabWizard.BootLabAsync(browser);
            booted = true;
            figures.WriteLine($"figure: Labs page Boot to the lab listed with SSH and libvirtd ready {clock.Elapsed.TotalSeconds:0.0} s");

            var runId = await EmulatedLabWizard.CreateHypervisorOnlyRunAsync(browser);
            clock.Restart();
            await EmulatedLabWizard.ApplyAsync(browser, "Preflight", "emulated-3-preflight");
            figures.WriteLine($"figure: Preflight over SSH, applied in the wizard {clock.Elapsed.TotalSeconds:0.0} s");
            await page.GetByRole(AriaRole.Link, new() { Name = "Next" }).ClickAsync();
            clock.Restart();
            var outcome = await EmulatedLabWizard.ApplyAsync(browser, "Virtual functions", "emulated-4-virtual-functions");
            figures.WriteLine($"figure: Virtual functions over SSH (2 VFs, MACs, vfio-pci, CLI and boot unit), applied in the wizard {clock.Elapsed.TotalSeconds:0.0} s");
            await page.GetByRole(AriaRole.Tab, new() { Name = "Log" }).ClickAsync();
            var log = page.GetByRole(AriaRole.Tabpanel);
            await Assertions.Expect(log).ToContainTextAsync("sriov_numvfs");
            await Assertions.Expect(log).ToContainTextAsync("vfio-pci");
            await browser.ScreenshotAsync("emulated-5-virtual-functions-log");

            var token = await DashboardAdmin.CreateOperatorTokenAsync(page, "emulated-lab-e2e");
            using var api = DashboardAdmin.ApiClient(dashboard.BaseAddress, token);
            var report = await RebootAndCheckAsync(api, runId, uri, figures, ct);

            await TearDownAsync(browser, api, runId, ct);
            await EmulatedLabWizard.PowerOffAsync(browser);
            booted = false;

            Assert.Matches(@"^2 VFs of 0000:[0-9a-f:.]+ \(\S+\) on vfio-pci: ", outcome);
            Assert.True(report.GetProperty("restored").GetBoolean(), report.ToString());
            var items = report.GetProperty("items").EnumerateArray().ToList();
            Assert.Contains(items, i => i.GetProperty("what").GetString()!.StartsWith("VFs of ", StringComparison.Ordinal) && i.GetProperty("found").GetString() == "2");
            Assert.Equal(2, items.Count(i => i.GetProperty("what").GetString()!.StartsWith("MAC of VF", StringComparison.Ordinal) && i.GetProperty("matches").GetBoolean()));
            Assert.Equal(2, items.Count(i => i.GetProperty("what").GetString()!.StartsWith("driver of", StringComparison.Ordinal) && i.GetProperty("found").GetString() == "vfio-pci"));
            Assert.Empty(browser.PolicyViolations);
        }
        catch
        {
            await browser.ScreenshotAsync("emulated-failure");
            TestContext.Current.TestOutputHelper!.WriteLine(string.Join('\n', dashboard.Output.TakeLast(80)));
            throw;
        }
        finally
        {
            if (booted)
            {
                // Never leave a guest running: the lab's own stop (the dashboard powers it off when it stops).
                await dashboard.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(4), CancellationToken.None);
            }
        }
    }

    public void Dispose() => Directory.Delete(_cli, recursive: true);

    /// <summary>"Reboot host and check" through the API: what it interrupts first, then the power cycle and the comparison.</summary>
    private static async Task<JsonElement> RebootAndCheckAsync(HttpClient api, Guid runId, string uri, EmulatedLabWizard.Figures figures, CancellationToken ct)
    {
        var interruptions = await api.GetFromJsonAsync<JsonElement>($"api/runs/{runId}/reboot-check", ct);
        Assert.Contains(new Uri(uri.Replace("qemu+ssh", "ssh", StringComparison.Ordinal)).Authority, interruptions.GetProperty("text").GetString(), StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/runs/{runId}/reboot-check?confirm=true");
        var clock = Stopwatch.StartNew();
        using var response = await api.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, $"POST reboot-check answered {(int)response.StatusCode}: {body}");
        var report = JsonDocument.Parse(body).RootElement.Clone();
        figures.WriteLine($"figure: reboot to VFs restored through the API (power cycle, boot unit, SSH, check) {clock.Elapsed.TotalSeconds:0.0} s (the report says {report.GetProperty("rebootSeconds").GetDouble():0.0} s)");
        return report;
    }

    /// <summary>Tears the run down on its page (the prompt names what goes) and waits until the run reads as torn down.</summary>
    private static async Task TearDownAsync(BrowserSession browser, HttpClient api, Guid runId, CancellationToken ct)
    {
        var page = browser.Page;
        await page.GotoAsync($"runs/{runId}");
        await DashboardAdmin.WaitInteractiveAsync(page);
        await page.GetByTestId("teardown").ClickAsync();
        await page.GetByTestId("confirm-teardown").ClickAsync();
        await Assertions.Expect(page.Locator("[data-teardown]").First).ToHaveAttributeAsync("data-teardown", new Regex("TornDown|Failed"), new() { Timeout = EmulatedLabWizard.StepMs });
        await browser.ScreenshotAsync("emulated-6-torn-down");
        var run = await api.GetFromJsonAsync<JsonElement>($"api/runs/{runId}", ct);
        Assert.Equal("TornDown", run.GetProperty("teardown").GetString());
    }
}
