using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace VirtSriov.EndToEnd.Tests;

/// <summary>
/// A new user's first session in real Chromium against the real dashboard process: create the admin from the
/// setup link, walk all seven wizard steps on the simulated lab, watch the throughput chart fill, find the run
/// in the history.
/// </summary>
public sealed partial class WizardEndToEndTests
{
    private const string Password = "Corr3ct-Horse-Battery";

    [Fact]
    public async Task NewUser_WalksWholeWizardOnSimulatedLab_SeesThroughputAndFindsRunInHistory()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dashboard = DashboardProcess.Start();
        using var startup = CancellationTokenSource.CreateLinkedTokenSource(ct);
        startup.CancelAfter(TimeSpan.FromSeconds(60));
        await dashboard.WaitHealthyAsync(startup.Token);
        var setupLink = await dashboard.WaitForSetupLinkAsync(startup.Token);
        await using var browser = await BrowserSession.StartAsync(dashboard.BaseAddress);
        var page = browser.Page;
        try
        {
            await WalkAsync(browser, page, setupLink);
            Assert.Empty(browser.PolicyViolations);
        }
        catch
        {
            await browser.ScreenshotAsync("failure");
            throw;
        }
    }

    private static async Task WalkAsync(BrowserSession browser, IPage page, Uri setupLink)
    {

        await page.GotoAsync(setupLink.ToString());
        await page.GetByLabel("User name").FillAsync("admin");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Confirm password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create administrator" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/", StringComparison.Ordinal));

        await page.GotoAsync("runs/new");
        await WaitInteractiveAsync(page);
        await Assertions.Expect(page.GetByText("Simulated").First).ToBeVisibleAsync();
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
                await page.GetByTestId("consent-confirm").ClickAsync();
            }

            await Assertions.Expect(page.Locator("[data-status='Succeeded']").First).ToBeVisibleAsync(new() { Timeout = 120_000 });
            if (index == 3)
            {
                await page.GetByRole(AriaRole.Tab, new() { Name = "Plan" }).ClickAsync();
                await Assertions.Expect(page.GetByText("intel").First).ToBeVisibleAsync();
            }

            if (index < steps.Length - 1)
            {
                await page.GetByRole(AriaRole.Link, new() { Name = "Next" }).ClickAsync();
                await page.WaitForURLAsync(WizardStepUrl());
            }
        }

        var chart = page.GetByTestId("throughput-chart");
        await Assertions.Expect(chart.Locator("path.mud-chart-serie").First).ToBeVisibleAsync();
        await Assertions.Expect(chart.Locator(".mud-chart-legend-item").Filter(new() { HasText = "Port 0 Rx" })).ToBeVisibleAsync();
        await browser.ScreenshotAsync("dpdk-test-step");

        await page.GotoAsync("history");
        await WaitInteractiveAsync(page);
        await page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Simulated lab" }).GetByRole(AriaRole.Link).First.ClickAsync();
        await Assertions.Expect(page.Locator("[data-status='Succeeded']").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("throughput-chart").Locator("path.mud-chart-serie").First).ToBeVisibleAsync();
        await browser.ScreenshotAsync("run-detail");

        // The steps were applied from the wizard's circuit: the audit trail names the operator.
        await page.GotoAsync("audit");
        var applied = page.GetByTestId("audit-table").Locator("tr").Filter(new() { HasText = "step.apply" });
        await Assertions.Expect(applied.First).ToContainTextAsync("admin");
        Assert.Equal(7, await applied.CountAsync());
    }

    /// <summary>Waits until the page's Blazor circuit is live, so that clicks reach the components.</summary>
    private static Task WaitInteractiveAsync(IPage page) =>
        page.GetByTestId("interactive").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    [GeneratedRegex("/runs/[0-9a-f-]+/wizard/")]
    private static partial Regex WizardStepUrl();
}
