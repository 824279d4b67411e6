using VirtSriov.Core;
using VirtSriov.Data;

namespace VirtSriov.Web.Hosting;

public static class DashboardServicesExtensions
{
    /// <summary>The run engine (Core) and its SQLite stores (Data), rooted at the data directory.</summary>
    public static WebApplicationBuilder AddDashboardServices(this WebApplicationBuilder builder)
    {
        var dataDirectory = DataDirectory.Resolve(builder.Configuration, builder.Environment);
        Directory.CreateDirectory(dataDirectory);
        builder.Services.AddVirtSriovData(dataDirectory);
        builder.Services.AddVirtSriovCore(builder.Configuration);
        builder.Services.AddHealthChecks();
        return builder;
    }

    /// <summary>Applies pending migrations before the app starts serving.</summary>
    public static async Task MigrateDashboardDatabaseAsync(this WebApplication app)
    {
        await DatabaseInitializer.MigrateAsync(app.Services, app.Lifetime.ApplicationStopping);
    }

    /// <summary>Middleware in order: static files, authentication, authorization, antiforgery.</summary>
    public static WebApplication UseDashboardPipeline(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapHealthChecks("/healthz").AllowAnonymous();
        return app;
    }
}
