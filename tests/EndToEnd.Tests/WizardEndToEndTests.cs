using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace VirtSriov.EndToEnd.Tests;

/// <summary>
/// A new user's first session in real Chromium against the real dashboard process: create the admin from the setup
/// link, walk every wizard step of the simulated lab on a laptop screen (1440×900) and again on a phone (390×844),
/// watch the throughput chart fill, find both runs in the history and compare them. Every page is scanned with axe-core
/// (no serious or critical violation), and each step, the run detail and the comparison are saved as screenshots in
/// TestResults/end-to-end.
/// </summary>
public sealed partial class WizardEndToEndTests
{
    [Fact]
    public async Task NewUser_WalksTheWizardOnDesktopAndPhone_ComparesTheRunsAndEveryPageIsAccessible()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dashboard = DashboardProcess.Start();
        using var startup = CancellationTokenSource.CreateLinkedTokenSource(ct);
        startup.CancelAfter(TimeSpan.FromSeconds(60));
        await dashboard.WaitHealthyAsync(startup.Token);
        var setupLink = await dashboard.WaitForSetupLinkAsync(startup.Token);
        await using var browser = await BrowserSession.StartAsync(dashboard.BaseAddress);
        var axe = new AccessibilityScan();
        try
        {
            await SetUpAdministratorAsync(browser.Page, setupLink, axe);
            await WalkWizardAsync(browser, axe, "desktop");
            await browser.Page.SetViewportSizeAsync(BrowserSession.Phone.Width, BrowserSession.Phone.Height);
            await WalkWizardAsync(browser, axe, "phone");
            await CompareRunsAsync(browser, axe);
            await ScanOtherPagesAsync(browser.Page, axe);
            await CheckAuditAsync(browser.Page);
            await SignOutAsync(browser.Page, axe);
        }
        catch
        {
            await browser.ScreenshotAsync("failure");
            throw;
        }

        Assert.Empty(browser.PolicyViolations);
        Assert.True(axe.Violations.Count == 0, "axe-core found serious or critical violations:\n" + string.Join("\n", axe.Violations));
        Assert.Contains("compare (phone)", axe.Scanned);
    }

    private static async Task SetUpAdministratorAsync(IPage page, Uri setupLink, AccessibilityScan axe)
    {
        await page.GotoAsync(setupLink.ToString());
        await axe.ScanAsync(page, "setup");
        await page.GetByLabel("User name").FillAsync(DashboardAdmin.UserName);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(DashboardAdmin.Password);
        await page.GetByLabel("Confirm password").FillAsync(DashboardAdmin.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create administrator" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/", StringComparison.Ordinal));
    }

    /// <summary>Creates a run on the simulated lab and applies every step in the wizard, agreeing to what a plan says it interrupts.</summary>
    private static async Task WalkWizardAsync(BrowserSession browser, AccessibilityScan axe, string size)
    {
        var page = browser.Page;
        await page.GotoAsync("runs/new");
        await DashboardAdmin.WaitInteractiveAsync(page);
        await Assertions.Expect(page.GetByText("Simulated").First).ToBeVisibleAsync();
        await axe.ScanAsync(page, $"new run ({size})");
        await browser.ScreenshotAsync($"{size}-0-new-run");
        await page.GetByLabel("testpmd seconds").FillAsync("6");
        await page.GetByTestId("create-run").ClickAsync();
        await page.WaitForURLAsync(WizardStepUrl());

        var steps = new[] { "Preflight", "Virtual functions", "Cluster", "Worker VMs", "Node tuning", "Device plugin", "DPDK test" };
        foreach (var (title, index) in steps.Select((t, i) => (t, i)))
        {
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(title, new() { IgnoreCase = true });
            var apply = page.GetByTestId("apply");
            await Assertions.Expect(apply).ToBeEnabledAsync(new() { Timeout = 60_000 });
            await apply.ClickAsync();
            // A plan that interrupts something (running workers, node reboots) asks first, naming it.
            await Assertions.Expect(page.Locator("[data-status='Succeeded'], [data-testid=consent]").First).ToBeVisibleAsync(new() { Timeout = 120_000 });
            if (await page.GetByTestId("consent").IsVisibleAsync())
            {
                await browser.ScreenshotAsync($"{size}-{index + 1}-consent");
                await page.GetByTestId("consent-confirm").ClickAsync();
            }

            await Assertions.Expect(page.Locator("[data-status='Succeeded']").First).ToBeVisibleAsync(new() { Timeout = 120_000 });
            if (title == "Worker VMs")
            {
                await page.GetByRole(AriaRole.Tab, new() { Name = "Plan" }).ClickAsync();
                await Assertions.Expect(page.GetByText("intel").First).ToBeVisibleAsync();
            }

            if (title == "DPDK test")
            {
                var chart = page.GetByTestId("throughput-chart");
                await Assertions.Expect(chart.Locator("path.mud-chart-serie").First).ToBeVisibleAsync();
                await Assertions.Expect(chart.Locator(".mud-chart-legend-item").Filter(new() { HasText = "Port 0 Rx" })).ToBeVisibleAsync();
            }

            await axe.ScanAsync(page, $"{title} step ({size})");
            await browser.ScreenshotAsync($"{size}-{index + 1}-{Slug(title)}");
            if (index < steps.Length - 1)
            {
                await page.GetByRole(AriaRole.Link, new() { Name = "Next" }).ClickAsync();
                await page.WaitForURLAsync(WizardStepUrl());
            }
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "Run details" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-status='Succeeded']").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("throughput-chart").Locator("path.mud-chart-serie").First).ToBeVisibleAsync();
        await axe.ScanAsync(page, $"run detail ({size})");
        await browser.ScreenshotAsync($"{size}-8-run-detail");
    }

    /// <summary>Picks the two runs in History and opens their comparison, on the phone and then on the laptop.</summary>
    private static async Task CompareRunsAsync(BrowserSession browser, AccessibilityScan axe)
    {
        var page = browser.Page;
        await page.GotoAsync("history");
        await DashboardAdmin.WaitInteractiveAsync(page);
        var picks = page.Locator("input[data-compare], [data-compare] input");
        await Assertions.Expect(picks).ToHaveCountAsync(2);
        await axe.ScanAsync(page, "history (phone)");
        await picks.Nth(0).CheckAsync(new() { Force = true });
        await picks.Nth(1).CheckAsync(new() { Force = true });
        await page.GetByTestId("compare").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/runs/compare?", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByTestId("throughput-overlay").Locator("path.mud-chart-serie").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-result=peak] td").Nth(1)).ToContainTextAsync("pps");
        await axe.ScanAsync(page, "compare (phone)");
        await browser.ScreenshotAsync("phone-9-compare");

        await page.SetViewportSizeAsync(BrowserSession.Desktop.Width, BrowserSession.Desktop.Height);
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("throughput-overlay").Locator("path.mud-chart-serie").First).ToBeVisibleAsync();
        await axe.ScanAsync(page, "compare (desktop)");
        await browser.ScreenshotAsync("desktop-9-compare");
        await page.GotoAsync("history");
        await DashboardAdmin.WaitInteractiveAsync(page);
        await axe.ScanAsync(page, "history (desktop)");
        await browser.ScreenshotAsync("desktop-10-history");
    }

    private static async Task ScanOtherPagesAsync(IPage page, AccessibilityScan axe)
    {
        foreach (var (path, name) in new[] { ("", "overview"), ("labs", "labs"), ("audit", "audit"), ("tokens", "tokens") })
        {
            await page.GotoAsync(path);
            await DashboardAdmin.WaitInteractiveAsync(page);
            await axe.ScanAsync(page, name);
        }
    }

    /// <summary>The steps were applied from the wizard's circuit: the audit trail names the operator, seven applies per run.</summary>
    private static async Task CheckAuditAsync(IPage page)
    {
        await page.GotoAsync("audit");
        var applied = page.GetByTestId("audit-table").Locator("tr").Filter(new() { HasText = "step.apply" });
        await Assertions.Expect(applied.First).ToContainTextAsync("admin");
        Assert.Equal(14, await applied.CountAsync());
    }

    private static async Task SignOutAsync(IPage page, AccessibilityScan axe)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/account/login", StringComparison.Ordinal));
        await axe.ScanAsync(page, "sign-in");
    }

    private static string Slug(string title) => title.ToLowerInvariant().Replace(' ', '-');

    [GeneratedRegex("/runs/[0-9a-f-]+/wizard/")]
    private static partial Regex WizardStepUrl();
}
