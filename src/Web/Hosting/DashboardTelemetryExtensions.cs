using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using VirtSriov.Core.Telemetry;
using VirtSriov.Web.Health;

namespace VirtSriov.Web.Hosting;

public static class DashboardTelemetryExtensions
{
    public const string MetricsPath = "/metrics";
    public const string HealthPath = "/healthz";
    public const string DetailedHealthPath = "/api/health";
    private const string DetailedTag = "detailed";

    /// <summary>
    /// OpenTelemetry metrics (ASP.NET Core, the engine and the steps) for the Prometheus scrape, traces of requests and
    /// step actions exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, and the health checks.
    /// </summary>
    public static WebApplicationBuilder AddDashboardTelemetry(this WebApplicationBuilder builder)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("virtsriov"))
            .WithMetrics(m => m.AddMeter(RunTelemetry.Name).AddAspNetCoreInstrumentation().AddPrometheusExporter())
            .WithTracing(t =>
            {
                t.AddSource(RunTelemetry.Name).AddAspNetCoreInstrumentation();
                if (otlp)
                {
                    t.AddOtlpExporter();
                }
            });
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [DetailedTag])
            .AddCheck<LabsHealthCheck>("labs", tags: [DetailedTag]);
        return builder;
    }

    /// <summary>
    /// <c>/healthz</c> for anyone: the process answers "Healthy", nothing more. The checks with their details for a
    /// signed-in user or token at <c>/api/health</c>; the Prometheus scrape at <c>/metrics</c> for a signed-in user or any token.
    /// </summary>
    public static WebApplication MapDashboardTelemetry(this WebApplication app)
    {
        app.MapHealthChecks(HealthPath, new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks(DetailedHealthPath, new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(DetailedTag),
            ResponseWriter = HealthReportWriter.WriteAsync,
        }).RequireAuthorization();
        app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization();
        return app;
    }
}
