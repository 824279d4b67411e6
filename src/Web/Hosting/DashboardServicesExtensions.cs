using VirtSriov.Core.Audit;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Runs;
using VirtSriov.Core;
using VirtSriov.Data;
using VirtSriov.Web.Api;
using VirtSriov.Web.Audit;
using VirtSriov.Web.EmulatedLab;
using VirtSriov.Web.Security;
using VirtSriov.Web.Tokens;

namespace VirtSriov.Web.Hosting;

public static class DashboardServicesExtensions
{
    /// <summary>The run engine (Core) and its SQLite stores (Data), rooted at the data directory.</summary>
    public static WebApplicationBuilder AddDashboardServices(this WebApplicationBuilder builder)
    {
        var dataDirectory = DataDirectory.Resolve(builder.Configuration, builder.Environment);
        // The folder holds the database and the data protection keys that guard kubeconfigs: owner only.
        PrivateDataFolder.Secure(dataDirectory);
        builder.Services.AddSingleton(_ => EngineLock.Acquire(dataDirectory));
        builder.Services.AddVirtSriovData(dataDirectory, KeyRingCertificate.Load(builder.Configuration));
        builder.Services.AddVirtSriovCore(builder.Configuration);
        builder.Services.AddEmulatedLab(builder.Configuration);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<CurrentUser>();
        builder.Services.AddScoped<IAuditActor>(sp => sp.GetRequiredService<CurrentUser>());
        builder.Services.AddScoped<Auditor>();
        builder.Services.AddSingleton<VirtSriov.Web.Ssh.ILabHostKeys, VirtSriov.Web.Ssh.LabHostKeys>();
        builder.Services.AddScoped<IRunEngine, AuditedRunEngine>();
        builder.Services.PostConfigure<VirtSriovOptions>(o => o.DataDirectory = dataDirectory);
        return builder;
    }

    /// <summary>
    /// Before serving: takes the data folder's <see cref="EngineLock"/>, applies pending migrations, marks runs that were active when the process stopped as
    /// interrupted, and creates the built-in simulated lab on first start.
    /// </summary>
    public static async Task PrepareDashboardAsync(this WebApplication app)
    {
        var stopping = app.Lifetime.ApplicationStopping;
        _ = app.Services.GetRequiredService<EngineLock>(); // held until the dashboard stops: no local CLI run on this history meanwhile
        await DatabaseInitializer.MigrateAsync(app.Services, stopping);
        await app.Services.GetRequiredService<RunEngine>().RecoverAsync(InterruptScope.ActiveRuns, stopping);
        await app.Services.GetRequiredService<SimulatedLabProvisioner>().EnsureAsync(stopping);
    }

    /// <summary>
    /// Middleware in order: error page, security headers, the sign-in rate limiter, authentication, the audit of token calls,
    /// authorization, the cross-site guard of the API and hub (after authorization, so an anonymous caller still gets its 401;
    /// bearer-token calls are exempt), 400s that name the field, antiforgery for forms.
    /// </summary>
    public static WebApplication UseDashboardPipeline(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        app.UseMiddleware<SecurityHeaders>();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseMiddleware<ApiTokenAudit>();
        app.UseAuthorization();
        app.UseMiddleware<CrossSiteRequestGuard>();
        app.UseMiddleware<BadRequestProblems>();
        app.UseAntiforgery();
        return app;
    }
}
