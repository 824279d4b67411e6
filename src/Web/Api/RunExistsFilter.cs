using VirtSriov.Core.Runs;

namespace VirtSriov.Web.Api;

/// <summary>Answers 404 with a ProblemDetails for <c>/runs/{id}/…</c> when there is no such run.</summary>
public sealed class RunExistsFilter(IRunStore runs) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        return Guid.TryParse(http.GetRouteValue("id") as string, out var id) && await runs.GetAsync(id, http.RequestAborted) is null
            ? ApiProblems.NotFound($"There is no run {id}.", "GET /api/runs lists the runs.")
            : await next(context);
    }
}
