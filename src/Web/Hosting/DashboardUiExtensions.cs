using MudBlazor.Services;
using VirtSriov.Web.Components;
using VirtSriov.Web.Live;

namespace VirtSriov.Web.Hosting;

public static class DashboardUiExtensions
{
    /// <summary>Blazor with interactive server rendering and MudBlazor.</summary>
    public static WebApplicationBuilder AddDashboardUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddScoped<LabBanner>();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>Static assets (anonymous) and the component endpoints.</summary>
    public static WebApplication MapDashboardUi(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
