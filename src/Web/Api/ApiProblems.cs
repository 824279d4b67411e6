using Microsoft.AspNetCore.Http.HttpResults;
using VirtSriov.Core.Steps;

namespace VirtSriov.Web.Api;

/// <summary>
/// The one way the API reports errors: RFC 9457 ProblemDetails whose extensions carry <c>field</c> (the input at
/// fault), <c>fix</c> (what to do) and <c>failedCall</c> (the command or call that failed, secrets redacted).
/// </summary>
public static class ApiProblems
{
    /// <summary>A refusal or failure the operator can act on: 409 with the fix.</summary>
    public static ProblemHttpResult From(ActionableException e) =>
        TypedResults.Problem(
            detail: e.Message,
            statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?> { ["fix"] = e.Fix, ["failedCall"] = e.FailedCall, ["field"] = e.Field });

    private const int MaxDetailLength = 2000;

    /// <summary>Input that can't be used: 400 with the errors keyed by field (the detail capped, however many errors).</summary>
    public static ValidationProblem Invalid(IEnumerable<FieldError> errors, string detail) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(f => f.Field).ToDictionary(g => g.Key, g => g.Select(f => f.Message).ToArray()),
            detail: detail.Length <= MaxDetailLength ? detail : detail[..MaxDetailLength] + "…");

    /// <summary>One query, route or body field that can't be used: 400 naming it.</summary>
    public static ValidationProblem Field(string field, string message) => Invalid([new FieldError(field, message)], $"{field}: {message}");

    public static ProblemHttpResult NotFound(string detail, string fix) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, extensions: new Dictionary<string, object?> { ["fix"] = fix });
}
