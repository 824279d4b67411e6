using System.CommandLine;
using VirtSriov.Cli.Local;
using VirtSriov.Cli.Remote;
using VirtSriov.Cli.Runs;
using VirtSriov.Core;
using VirtSriov.Core.Steps;

namespace VirtSriov.Cli;

/// <summary>
/// Where <c>labs</c> and <c>run …</c> act: a dashboard by <c>--url</c> and <c>--token</c> (or VIRTSRIOV_URL,
/// VIRTSRIOV_TOKEN), or with <c>--local</c> the engine in this process on <c>--data</c>; <c>--json</c> for scripts.
/// Refusals become a message, its fix and an exit code (<see cref="ExitCodes"/>).
/// </summary>
public sealed class RunTargetOptions
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

    public Option<bool> Local { get; } = new("--local")
    {
        Description = "Run the engine in this process on --data instead of a dashboard (refused while a dashboard uses that folder)",
        Recursive = true,
    };

    public Option<string> Data { get; } = new("--data")
    {
        Description = "With --local: the data folder (default: the dashboard's, /var/lib/virtsriov for root)",
        DefaultValueFactory = _ => DefaultDataDirectory.Resolve(),
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json") { Description = "Print JSON (one object per line for watch)", Recursive = true };

    /// <summary>For tests: the handler to reach an in-process dashboard through.</summary>
    public HttpMessageHandler? Handler { get; init; }

    public void AddTo(Command command)
    {
        command.Options.Add(Url);
        command.Options.Add(Token);
        command.Options.Add(Local);
        command.Options.Add(Data);
        command.Options.Add(Json);
    }

    /// <summary>Runs <paramref name="action"/> where the options point; a refusal prints its message and fix to stderr.</summary>
    public Func<ParseResult, CancellationToken, Task<int>> Action(Func<ParseResult, IRunService, CancellationToken, Task<int>> action) =>
        async (parse, cancellationToken) =>
        {
            try
            {
                await using var runs = await OpenAsync(parse, cancellationToken);
                return await action(parse, runs, cancellationToken);
            }
            catch (CliException e)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"virtsriov: {e.Message}");
                if (e.Fix is not null)
                {
                    await parse.InvocationConfiguration.Error.WriteLineAsync($"fix: {e.Fix}");
                }

                return e.ExitCode;
            }
        };

    private async Task<IRunService> OpenAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (!parse.GetValue(Local))
        {
            return DashboardClient.Create(Target(parse), TokenOf(parse), Handler);
        }

        if (parse.GetValue(Url) is { Length: > 0 } url && parse.GetResult(Url) is { Implicit: false })
        {
            throw new CliException(ExitCodes.BadInput, $"--local and --url {url} both given.", "Pass --local to run here, or --url and --token to use a dashboard.");
        }

        try
        {
            return await LocalRunService.OpenAsync(parse.GetValue(Data)!, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.BadInput, $"--data {parse.GetValue(Data)}: {e.Message}", "Pass a data folder this user can write (root's is /var/lib/virtsriov).", e);
        }
        catch (ActionableException e)
        {
            throw new CliException(ExitCodes.Failed, e.Message, e.Fix, e);
        }
    }

    private Uri Target(ParseResult parse)
    {
        var url = parse.GetValue(Url);
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new CliException(ExitCodes.BadInput, $"--url '{url}' is not a dashboard address.", $"Pass --url http://127.0.0.1:5080 or set {UrlVariable}, or --local to run the engine here.");
        }

        return uri;
    }

    private string TokenOf(ParseResult parse) =>
        parse.GetValue(Token) is { Length: > 0 } token
            ? token
            : throw new CliException(ExitCodes.NotAuthorized, "No API token.", $"Create one on the dashboard's Tokens page and pass --token or set {TokenVariable}.");
}
