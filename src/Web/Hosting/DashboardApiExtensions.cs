using System.Text.Json.Serialization;
using VirtSriov.Web.Api;

namespace VirtSriov.Web.Hosting;

public static class DashboardApiExtensions
{
    /// <summary>JSON with enum names, the SignalR hub with the same JSON shape, and ProblemDetails for errors.</summary>
    public static WebApplicationBuilder AddDashboardApi(this WebApplicationBuilder builder)
    {
        // Enum names only: an integer would bind values outside the enum's definition.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false)));
        // Binding failures throw in every environment, so BadRequestProblems answers them with the field they concern.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails();
        builder.Services.AddSignalR()
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        return builder;
    }

    /// <summary>Minimal APIs under /api; every one requires a signed-in user.</summary>
    public static WebApplication MapDashboardApi(this WebApplication app)
    {
        var api = app.MapGroup("/api").RequireAuthorization();
        LabEndpoints.Map(api);
        RunEndpoints.Map(api);
        ArtifactEndpoints.Map(api);
        PreflightEndpoints.Map(api);
        return app;
    }
}
