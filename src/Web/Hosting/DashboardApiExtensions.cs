using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using VirtSriov.Web.Api;
using VirtSriov.Web.Tokens;

namespace VirtSriov.Web.Hosting;

public static class DashboardApiExtensions
{
    /// <summary>JSON with enum names, the SignalR hub with the same JSON shape, and ProblemDetails for errors.</summary>
    public static WebApplicationBuilder AddDashboardApi(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddProblemDetails();
        builder.Services.AddSignalR()
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        return builder;
    }

    /// <summary>
    /// Minimal APIs under /api; every one requires a signed-in user or an API token, and every state-changing one
    /// (any method but GET and HEAD) the operator policy, which read-only tokens do not meet.
    /// </summary>
    public static WebApplication MapDashboardApi(this WebApplication app)
    {
        var api = app.MapGroup("/api").RequireAuthorization();
        ((IEndpointConventionBuilder)api).Add(endpoint =>
        {
            if (endpoint.Metadata.OfType<HttpMethodMetadata>().Any(m => m.HttpMethods.Any(IsStateChanging)))
            {
                endpoint.Metadata.Add(new AuthorizeAttribute(ApiTokenDefaults.OperatorPolicy));
            }
        });
        LabEndpoints.Map(api);
        RunEndpoints.Map(api);
        ArtifactEndpoints.Map(api);
        PreflightEndpoints.Map(api);
        return app;
    }

    private static bool IsStateChanging(string method) => !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method);
}
