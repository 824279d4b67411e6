using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Scalar.AspNetCore;
using VirtSriov.Core.Steps;
using VirtSriov.Web.Api;
using VirtSriov.Web.Tokens;

namespace VirtSriov.Web.Hosting;

public static class DashboardApiExtensions
{
    public const string OpenApiPath = "/openapi/v1.json";
    public const string ReferencePath = "/api/reference";

    /// <summary>JSON with enum names, the SignalR hub with the same JSON shape, ProblemDetails for errors, the OpenAPI document.</summary>
    public static WebApplicationBuilder AddDashboardApi(this WebApplicationBuilder builder)
    {
        // Enum names only: an integer would bind values outside the enum's definition.
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, RunJson.TypeInfoResolver);
        });
        // Binding failures throw in every environment, so BadRequestProblems answers them with the field they concern.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddSignalR()
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        return builder;
    }

    /// <summary>
    /// Minimal APIs under /api; every one requires a signed-in user or an API token, and every state-changing one
    /// (any method but GET and HEAD) the operator policy, which read-only tokens do not meet. The OpenAPI document and
    /// its reference page are behind sign-in like the rest.
    /// </summary>
    public static WebApplication MapDashboardApi(this WebApplication app)
    {
        var api = app.MapGroup("/api").RequireAuthorization().AddEndpointFilter<ApiProblemFilter>()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
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

        app.MapOpenApi(OpenApiPath).RequireAuthorization();
        app.MapScalarApiReference(ReferencePath, o => o.WithTitle("VirtSriov API").WithOpenApiRoutePattern(OpenApiPath)).RequireAuthorization();
        return app;
    }

    private static bool IsStateChanging(string method) => !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method);
}
