using System.Text.Json;
using System.Text.RegularExpressions;

namespace VirtSriov.Web.Api;

/// <summary>
/// Turns a request the API could not bind (malformed JSON, a wrong type, an undefined enum name, a bad query or route
/// value) into a 400 ValidationProblem that names the field, instead of an empty 400 or an error page.
/// </summary>
public sealed partial class BadRequestProblems(RequestDelegate next)
{
    private const int MaxMessageLength = 300;

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted && context.Request.Path.StartsWithSegments("/api"))
        {
            var (field, message) = Describe(e);
            context.Response.Clear();
            await TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { [field] = [message] },
                    detail: $"The request could not be read: {field}: {message}",
                    title: "The request is malformed.")
                .ExecuteAsync(context);
        }
    }

    public static (string Field, string Message) Describe(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            var path = json.Path is { Length: > 1 } p ? p.TrimStart('$', '.') : "body";
            return (path.Length == 0 ? "body" : path, Cap(json.Message));
        }

        var parameter = ParameterName().Match(exception.Message);
        return (parameter.Success ? parameter.Groups["name"].Value : "request", Cap(exception.Message));
    }

    private static string Cap(string message) => message.Length <= MaxMessageLength ? message : message[..MaxMessageLength] + "…";

    [GeneratedRegex("parameter \"(?:[^\"]* )?(?<name>[A-Za-z_][A-Za-z0-9_]*)\"")]
    private static partial Regex ParameterName();
}
