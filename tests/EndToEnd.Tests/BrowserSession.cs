using Microsoft.Playwright;

namespace VirtSriov.EndToEnd.Tests;

/// <summary>Debian's Chromium driven by Playwright (no browser download), one fresh profile per test.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>A laptop screen.</summary>
    public static readonly ViewportSize Desktop = new() { Width = 1440, Height = 900 };

    /// <summary>A phone held upright.</summary>
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

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
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString(), ViewportSize = Desktop });
        context.SetDefaultTimeout(60_000);
        // The machine is shared and Blazor renders over a circuit: give assertions the same headroom as actions.
        Assertions.SetDefaultExpectTimeout(60_000);
        return new BrowserSession(playwright, browser, await context.NewPageAsync());
    }

    /// <summary>A full-page screenshot in <see cref="Artifacts.Folder"/> as NAME.png.</summary>
    public Task ScreenshotAsync(string name) =>
        Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts.Folder, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
