using Bunit;
using VirtSriov.Web.Components.Layout;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using VirtSriov.Web.Live;

namespace VirtSriov.Web.Tests.Components.Layout;

public sealed class MainLayoutTests
{
    private static readonly string[] PageTitles = ["Overview", "New run", "History", "Audit", "Labs", "Hypervisors", "Tokens"];

    [Fact]
    public async Task Render_SignedIn_ShowsEveryPageInTheWideBarAndHasAPhoneMenu()
    {
        await using var context = LayoutContext(signedIn: true);
        var layout = context.Render<MainLayout>(p => p.Add(x => x.Body, b => b.AddContent(0, "page")));

        Assert.Equal(PageTitles, layout.FindAll("[data-testid='nav-wide'] a").Select(a => a.TextContent.Trim()));
        Assert.Contains("d-md-none", layout.Find("[data-testid='nav-menu']").ParentElement!.ClassName, StringComparison.Ordinal);
    }

    /// <summary>The layout brings its own popover provider, so not the dashboard context that renders one.</summary>
    private static BunitContext LayoutContext(bool signedIn)
    {
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddScoped<LabBanner>();
        var authorization = context.AddAuthorization();
        if (signedIn)
        {
            authorization.SetAuthorized("admin");
        }

        context.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        return context;
    }

    [Fact]
    public async Task DarkModeToggle_Clicked_SwitchesTheThemeAndItsLabel()
    {
        await using var context = LayoutContext(signedIn: false);
        var layout = context.Render<MainLayout>(p => p.Add(x => x.Body, b => b.AddContent(0, "page")));
        Assert.Equal("Switch to dark mode", layout.Find("[data-testid='dark-mode']").GetAttribute("aria-label"));

        layout.Find("[data-testid='dark-mode']").Click();

        Assert.Equal("Switch to light mode", layout.Find("[data-testid='dark-mode']").GetAttribute("aria-label"));
    }
}
