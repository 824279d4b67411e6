using Microsoft.Playwright;

namespace VirtSriov.EndToEnd.Tests;

/// <summary>Debian's Chromium driven by Playwright (no browser download), one fresh profile per test.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly List<string> _policyViolations = [];

    private BrowserSession(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                lock (_policyViolations)
                {
                    _policyViolations.Add(message.Text);
                }
            }
        };
    }

    public IPage Page { get; }

    /// <summary>What the browser refused under the dashboard's Content-Security-Policy (console reports).</summary>
    public IReadOnlyList<string> PolicyViolations
    {
        get
        {
            lock (_policyViolations)
            {
                return [.. _policyViolations];
            }
        }
    }

    public static async Task<BrowserSession> StartAsync(Uri baseAddress)
    {
        Assert.SkipUnless(File.Exists(ChromiumPath), $"SKIPPED LOUDLY: {ChromiumPath} is missing; install it with: apt-get install chromium chromium-driver (scripts/install-prereqs.sh does this as root).");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString(), ViewportSize = new() { Width = 1400, Height = 1000 } });
        context.SetDefaultTimeout(60_000);
        return new BrowserSession(playwright, browser, await context.NewPageAsync());
    }

    public async Task ScreenshotAsync(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
