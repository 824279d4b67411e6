using System.Net.Http.Headers;
using Microsoft.Playwright;

namespace VirtSriov.EndToEnd.Tests;

/// <summary>The first session of a new dashboard in the browser: the administrator from the setup link, and API tokens.</summary>
public static class DashboardAdmin
{
    public const string UserName = "admin";
    public const string Password = "Corr3ct-Horse-Battery";

    /// <summary>Creates the administrator from the one-time setup link; the page is signed in afterwards.</summary>
    public static async Task CreateAsync(IPage page, Uri setupLink)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync(setupLink.ToString());
        await page.GetByLabel("User name").FillAsync(UserName);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Confirm password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create administrator" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/", StringComparison.Ordinal));
    }

    /// <summary>Creates an operator token on the Tokens page and returns its secret (shown once).</summary>
    public static async Task<string> CreateOperatorTokenAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync("tokens");
        await WaitInteractiveAsync(page);
        await page.Locator("input[data-field='Name']").FillAsync(name);
        await page.Locator("[data-field='Scope']").ClickAsync();
        await page.Locator(".mud-popover-open").GetByText("Operator", new() { Exact = true }).ClickAsync();
        await page.GetByTestId("create-token").ClickAsync();
        var secret = (await page.GetByLabel("New token").InnerTextAsync()).Trim();
        return secret.StartsWith("vsr_", StringComparison.Ordinal) ? secret : throw new InvalidOperationException($"The Tokens page showed no token: '{secret}'.");
    }

    /// <summary>A client of the dashboard's API that sends the token; callers bound each call with their cancellation token (a whole run can take minutes on a loaded machine).</summary>
    public static HttpClient ApiClient(Uri baseAddress, string token)
    {
        var http = new HttpClient { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>Waits until the page's Blazor circuit is live, so that clicks reach the components.</summary>
    public static Task WaitInteractiveAsync(IPage page) =>
        page.GetByTestId("interactive").WaitForAsync(new() { State = WaitForSelectorState.Attached });
}
