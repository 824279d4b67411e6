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
public sealed partial class EmulatedLabWizardEndToEndTests : IDisposable
{
    private const string LabName = "Emulated hardware (QEMU igb + vIOMMU)";
    private static readonly string[] LabFiles = ["vmlinuz", "initrd.gz", "kernel"];
    private static readonly TimeSpan Whole = TimeSpan.FromMinutes(55);
    private static readonly float BootMs = (float)TimeSpan.FromMinutes(15).TotalMilliseconds;
    private static readonly float StepMs = (float)TimeSpan.FromMinutes(10).TotalMilliseconds;

    private readonly string _cli = Directory.CreateTempSubdirectory("virtsriov-e2e-cli-").FullName;

    [Fact]
    public async Task Wizard_OnTheEmulatedLab_AppliesPreflightAndVfsOverSsh_RebootCheckFindsThemAndTeardownPowersOff()
    {
        using var whole = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        whole.CancelAfter(Whole);
        var ct = whole.Token;
        await SkipUnlessLabPreparedAsync(ct);
        await PublishCliAsync(_cli, ct);
        await using var dashboard = DashboardProcess.Start(settings: ["--VirtSriov:CliPublishDirectory", _cli]);
        using var startup = CancellationTokenSource.CreateLinkedTokenSource(ct);
        startup.CancelAfter(TimeSpan.FromSeconds(90));
        await dashboard.WaitHealthyAsync(startup.Token);
        var setupLink = await dashboard.WaitForSetupLinkAsync(startup.Token);
        await using var browser = await BrowserSession.StartAsync(dashboard.BaseAddress);
        var page = browser.Page;
        var figures = new Figures(TestContext.Current.TestOutputHelper!);
        var booted = false;
        try
        {
            await DashboardAdmin.CreateAsync(page, setupLink);
            var clock = Stopwatch.StartNew();
            var uri = await BootLabAsync(browser);
            booted = true;
            figures.WriteLine($"figure: Labs page Boot to the lab listed with SSH and libvirtd ready {clock.Elapsed.TotalSeconds:0.0} s");

            var runId = await CreateHypervisorOnlyRunAsync(browser);
            clock.Restart();
            await ApplyAsync(browser, "Preflight", "emulated-3-preflight");
            figures.WriteLine($"figure: Preflight over SSH, applied in the wizard {clock.Elapsed.TotalSeconds:0.0} s");
            await page.GetByRole(AriaRole.Link, new() { Name = "Next" }).ClickAsync();
            clock.Restart();
            var outcome = await ApplyAsync(browser, "Virtual functions", "emulated-4-virtual-functions");
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
            await PowerOffAsync(browser);
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

    /// <summary>Boots the lab from the Labs page and waits until it is listed with its qemu+ssh URI and a trusted host key; returns the URI.</summary>
    internal static async Task<string> BootLabAsync(BrowserSession browser)
    {
        var page = browser.Page;
        await page.GotoAsync("labs");
        await DashboardAdmin.WaitInteractiveAsync(page);
        var panel = page.GetByLabel("Emulated hypervisor", new() { Exact = true });
        await panel.GetByRole(AriaRole.Button, new() { Name = "Boot", Exact = true }).ClickAsync();
        var row = page.Locator($"tr[data-lab='{LabName}']");
        await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = BootMs });
        await Assertions.Expect(panel).ToContainTextAsync("Running.", new() { Timeout = BootMs });
        var hostKey = row.GetByTestId("host-key");
        await Assertions.Expect(hostKey).Not.ToContainTextAsync("checking…");
        if (await row.GetByTestId("confirm-host-key").IsVisibleAsync())
        {
            await browser.ScreenshotAsync("emulated-1-host-key");
            await row.GetByTestId("confirm-host-key").ClickAsync();
        }

        await Assertions.Expect(hostKey).ToContainTextAsync("trusted");
        var uri = (await row.Locator("td").Nth(3).InnerTextAsync()).Trim();
        Assert.Matches(@"^qemu\+ssh://root@127\.0\.0\.1:\d+/system$", uri);
        await browser.ScreenshotAsync("emulated-1-labs");
        return uri;
    }

    /// <summary>New run on the emulated lab, "Hypervisor only", on its Intel PF with 2 VFs recreated at boot; returns the run's id.</summary>
    internal static async Task<Guid> CreateHypervisorOnlyRunAsync(BrowserSession browser, int? vfsPerWorker = null, int? testpmdSeconds = null)
    {
        var page = browser.Page;
        await page.GotoAsync("runs/new");
        await DashboardAdmin.WaitInteractiveAsync(page);
        await page.Locator("[data-field='Lab']").ClickAsync();
        await page.Locator(".mud-popover-open").GetByText(LabName, new() { Exact = true }).ClickAsync();
        await page.GetByTestId("run-profile").ClickAsync();
        await page.Locator(".mud-popover-open").GetByText("Hypervisor only", new() { Exact = true }).ClickAsync();
        // The PF picker is the lab's inventory read over SSH: the emulated igb (82576, 8086:10c9).
        var pf = page.GetByTestId("pf-choices").Locator("[data-pf]").First;
        await Assertions.Expect(pf).ToBeVisibleAsync(new() { Timeout = StepMs });
        await pf.ClickAsync();
        await page.GetByLabel("VF count").FillAsync("2");
        if (vfsPerWorker is { } perWorker)
        {
            await page.GetByLabel("VFs per worker").FillAsync(perWorker.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (testpmdSeconds is { } seconds)
        {
            await page.GetByLabel("testpmd seconds").FillAsync(seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await Assertions.Expect(page.GetByLabel("Recreate the VFs at host boot")).ToBeCheckedAsync();

        if (await page.GetByTestId("worker-choices").Locator("[data-domain]").CountAsync() > 0)
        {
            var domain = await page.GetByTestId("worker-choices").Locator("[data-domain]").First.GetAttributeAsync("data-domain");
            await page.GetByLabel("Workers", new() { Exact = true }).FillAsync(domain!);
        }

        await browser.ScreenshotAsync("emulated-2-new-run");
        await page.GetByTestId("create-run").ClickAsync();
        await page.WaitForURLAsync(WizardStepUrl());
        return Guid.Parse(WizardStepUrl().Match(page.Url).Groups["id"].Value);
    }

    /// <summary>Applies the wizard's current step (agreeing to what its plan interrupts) and returns the outcome it shows.</summary>
    internal static async Task<string> ApplyAsync(BrowserSession browser, string title, string screenshot)
    {
        var page = browser.Page;
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(title, new() { IgnoreCase = true });
        var apply = page.GetByTestId("apply");
        await Assertions.Expect(apply).ToBeEnabledAsync(new() { Timeout = StepMs });
        await apply.ClickAsync();
        var ended = page.Locator("[data-status='Succeeded'], [data-status='Failed'], [data-testid=consent]").First;
        await Assertions.Expect(ended).ToBeVisibleAsync(new() { Timeout = StepMs });
        if (await page.GetByTestId("consent").IsVisibleAsync())
        {
            await page.GetByTestId("consent-confirm").ClickAsync();
        }

        await Assertions.Expect(page.Locator("[data-status='Succeeded'], [data-status='Failed']").First).ToBeVisibleAsync(new() { Timeout = StepMs });
        await browser.ScreenshotAsync(screenshot);
        if (await page.Locator("[data-status='Failed']").IsVisibleAsync())
        {
            Assert.Fail($"{title} failed in the wizard: {await page.GetByTestId("step-error").Or(page.GetByTestId("wizard-error")).First.InnerTextAsync()}");
        }

        return (await page.GetByTestId("step-outcome").InnerTextAsync()).Trim();
    }

    /// <summary>"Reboot host and check" through the API: what it interrupts first, then the power cycle and the comparison.</summary>
    private static async Task<JsonElement> RebootAndCheckAsync(HttpClient api, Guid runId, string uri, Figures figures, CancellationToken ct)
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
        await Assertions.Expect(page.Locator("[data-teardown]").First).ToHaveAttributeAsync("data-teardown", new Regex("TornDown|Failed"), new() { Timeout = StepMs });
        await browser.ScreenshotAsync("emulated-6-torn-down");
        var run = await api.GetFromJsonAsync<JsonElement>($"api/runs/{runId}", ct);
        Assert.Equal("TornDown", run.GetProperty("teardown").GetString());
    }

    internal static async Task PowerOffAsync(BrowserSession browser)
    {
        var page = browser.Page;
        await page.GotoAsync("labs");
        await DashboardAdmin.WaitInteractiveAsync(page);
        var panel = page.GetByLabel("Emulated hypervisor", new() { Exact = true });
        await panel.GetByRole(AriaRole.Button, new() { Name = "Power off" }).ClickAsync();
        await Assertions.Expect(panel).ToContainTextAsync("Powered off.", new() { Timeout = (float)TimeSpan.FromMinutes(4).TotalMilliseconds });
        await browser.ScreenshotAsync("emulated-7-powered-off");
    }

    /// <summary>The published CLI the Virtual functions step installs on the guest for its boot unit.</summary>
    internal static async Task PublishCliAsync(string folder, CancellationToken ct)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "publish", Path.Combine(Artifacts.RepositoryRoot, "src", "Cli"), "-c", "Release", "-o", folder, "-nologo", "-v", "quiet" })
        {
            info.ArgumentList.Add(a);
        }

        using var publish = Process.Start(info)!;
        var output = publish.StandardOutput.ReadToEndAsync(ct);
        var error = publish.StandardError.ReadToEndAsync(ct);
        await publish.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromMinutes(8), ct);
        Assert.True(publish.ExitCode == 0, $"dotnet publish src/Cli failed: {await output}{await error}");
    }

    /// <summary>Skips loudly without the prepared lab (kernel, initramfs, QEMU with igb); under CI=true that is a failure.</summary>
    internal static async Task SkipUnlessLabPreparedAsync(CancellationToken ct)
    {
        var cache = Environment.GetEnvironmentVariable("VIRTSRIOV_LAB_CACHE") is { Length: > 0 } c ? c : "/var/cache/virtsriov-lab";
        var missing = LabFiles.Where(f => !Path.Exists(Path.Combine(cache, f))).ToList();
        string? notReady = missing.Count > 0 ? $"{string.Join(", ", missing)} missing in {cache}: run sudo bash scripts/install-prereqs.sh --lab" : null;
        if (notReady is null && !await QemuHasIgbAsync(ct))
        {
            notReady = "qemu-system-x86_64 with the igb device (QEMU >= 10, bookworm-backports) is not installed: run sudo bash scripts/install-prereqs.sh --lab";
        }

        Assert.False(notReady is not null && Environment.GetEnvironmentVariable("CI") == "true", $"CI=true, and the emulated lab cannot run: {notReady}");
        Assert.SkipWhen(notReady is not null, $"SKIPPED: THE EMULATED SR-IOV LAB CANNOT RUN HERE: {notReady}");
    }

    private static async Task<bool> QemuHasIgbAsync(CancellationToken ct)
    {
        try
        {
            var info = new ProcessStartInfo("qemu-system-x86_64") { RedirectStandardOutput = true, RedirectStandardError = true };
            info.ArgumentList.Add("-device");
            info.ArgumentList.Add("help");
            using var qemu = Process.Start(info)!;
            var output = await qemu.StandardOutput.ReadToEndAsync(ct).WaitAsync(TimeSpan.FromMinutes(1), ct);
            await qemu.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromMinutes(1), ct);
            return output.Contains("\"igb\"", StringComparison.Ordinal);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>Seconds per stage, to the test output and to TestResults/end-to-end/emulated-figures.txt (this run's only).</summary>
    internal sealed class Figures
    {
        private readonly ITestOutputHelper _output;
        private readonly string _file;

        public Figures(ITestOutputHelper output, string file = "emulated-figures.txt")
        {
            _output = output;
            _file = Path.Combine(Artifacts.Folder, file);
            File.Delete(_file);
        }

        public void WriteLine(string line)
        {
            _output.WriteLine(line);
            File.AppendAllText(_file, line + Environment.NewLine);
        }
    }

    [GeneratedRegex("/runs/(?<id>[0-9a-f-]{36})/wizard/")]
    internal static partial Regex WizardStepUrl();
}
