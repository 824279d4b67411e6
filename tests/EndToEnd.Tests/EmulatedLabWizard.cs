using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace VirtSriov.EndToEnd.Tests;

/// <summary>
/// The wizard's walk on the emulated-hardware lab, shared by the tests that drive it in Chromium: boot from the Labs
/// page, a "Hypervisor only" run, applying a step, powering off, the CLI the boot unit needs, and the loud skip without
/// the prepared lab.
/// </summary>
internal static partial class EmulatedLabWizard
{
    public const string LabName = "Emulated hardware (QEMU igb + vIOMMU)";
    public static readonly float StepMs = (float)TimeSpan.FromMinutes(10).TotalMilliseconds;
    private static readonly string[] LabFiles = ["vmlinuz", "initrd.gz", "kernel"];
    private static readonly float BootMs = (float)TimeSpan.FromMinutes(15).TotalMilliseconds;

    /// <summary>Boots the lab from the Labs page and waits until it is listed with its qemu+ssh URI and a trusted host key; returns the URI.</summary>
    public static async Task<string> BootLabAsync(BrowserSession browser)
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
    public static async Task<Guid> CreateHypervisorOnlyRunAsync(BrowserSession browser, int? vfsPerWorker = null, int? testpmdSeconds = null)
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
    public static async Task<string> ApplyAsync(BrowserSession browser, string title, string screenshot)
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


    public static async Task PowerOffAsync(BrowserSession browser)
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
    public static async Task PublishCliAsync(string folder, CancellationToken ct)
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
    public static async Task SkipUnlessLabPreparedAsync(CancellationToken ct)
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
    public sealed class Figures
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
    public static partial Regex WizardStepUrl();
}
