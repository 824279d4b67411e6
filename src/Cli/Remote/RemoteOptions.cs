using System.CommandLine;

namespace VirtSriov.Cli.Remote;

/// <summary>
/// <c>--url</c>, <c>--token</c> (or VIRTSRIOV_URL, VIRTSRIOV_TOKEN) and <c>--json</c>, shared by every command that talks
/// to a dashboard, and the way such a command turns refusals into messages and exit codes.
/// </summary>
public sealed class RemoteOptions
{
    public const string UrlVariable = "VIRTSRIOV_URL";
    public const string TokenVariable = "VIRTSRIOV_TOKEN";

    public Option<string> Url { get; } = new("--url")
    {
        Description = $"The dashboard, e.g. http://127.0.0.1:5080 (default: ${UrlVariable})",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(UrlVariable) ?? "",
        Recursive = true,
    };

    public Option<string> Token { get; } = new("--token")
    {
        Description = $"An API token from the dashboard's Tokens page (default: ${TokenVariable})",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(TokenVariable) ?? "",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json") { Description = "Print JSON (one object per line for watch)", Recursive = true };

    /// <summary>For tests: the handler to reach an in-process dashboard through.</summary>
    public HttpMessageHandler? Handler { get; init; }

    public void AddTo(Command command)
    {
        command.Options.Add(Url);
        command.Options.Add(Token);
        command.Options.Add(Json);
    }

    /// <summary>Runs <paramref name="action"/> against the dashboard; a refusal prints its message and fix to stderr.</summary>
    public Func<ParseResult, CancellationToken, Task<int>> Action(Func<ParseResult, DashboardClient, CancellationToken, Task<int>> action) =>
        async (parse, cancellationToken) =>
        {
            try
            {
                using var client = DashboardClient.Create(Target(parse), TokenOf(parse), Handler);
                return await action(parse, client, cancellationToken);
            }
            catch (DashboardException e)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"virtsriov: {e.Message}");
                if (e.Fix is not null)
                {
                    await parse.InvocationConfiguration.Error.WriteLineAsync($"fix: {e.Fix}");
                }

                return e.ExitCode;
            }
        };

    public Uri Target(ParseResult parse)
    {
        var url = parse.GetValue(Url);
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new DashboardException(ExitCodes.BadInput, $"--url '{url}' is not a dashboard address.", $"Pass --url http://127.0.0.1:5080 or set {UrlVariable}.");
        }

        return uri;
    }

    public string TokenOf(ParseResult parse) =>
        parse.GetValue(Token) is { Length: > 0 } token
            ? token
            : throw new DashboardException(ExitCodes.NotAuthorized, "No API token.", $"Create one on the dashboard's Tokens page and pass --token or set {TokenVariable}.");
}
