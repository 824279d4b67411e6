using MudBlazor.Services;
using VirtSriov.Web.Components;
using VirtSriov.Web.Choices;
using VirtSriov.Web.Live;

namespace VirtSriov.Web.Hosting;

public static class DashboardUiExtensions
{
    /// <summary>Blazor with interactive server rendering and MudBlazor.</summary>
    public static WebApplicationBuilder AddDashboardUi(this WebApplicationBuilder builder)
    {
        // Serve package assets (MudBlazor, blazor.web.js) from the build output in every environment, so that
        // `dotnet run` and the tests work without publishing; a published app has them in wwwroot already.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddScoped<LabBanner>();
        builder.Services.AddSingleton<ILabChoices, LabEnvironmentChoices>();
        return builder;
    }

    /// <summary>Static assets (anonymous) and the component endpoints.</summary>
    public static WebApplication MapDashboardUi(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        // The app-wide policy (SecurityHeaders) already forbids framing; no second, laxer frame-ancestors header.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }
}
