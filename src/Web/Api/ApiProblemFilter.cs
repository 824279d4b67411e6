using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;

namespace VirtSriov.Web.Api;

/// <summary>Turns the exceptions the operator can act on into ProblemDetails, so handlers return only their result.</summary>
public sealed class ApiProblemFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (RunSettingsException e)
        {
            return ApiProblems.Invalid(e.Errors, e.Message);
        }
        catch (ActionableException e)
        {
            return ApiProblems.From(e);
        }
    }
}
