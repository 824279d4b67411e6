using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;

namespace VirtSriov.Cli.Remote;

/// <summary>
/// Follows a run through the dashboard's SignalR hub: events after a sequence (replayed from the history), then live
/// ones, until the run reaches a final status.
/// </summary>
public static class RunWatcher
{
    public static async IAsyncEnumerable<RunEvent> FollowAsync(
        Uri dashboard,
        string token,
        Guid runId,
        long afterSequence,
        HttpMessageHandler? handler,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(dashboard, "hubs/runs"), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                if (handler is not null)
                {
                    o.HttpMessageHandlerFactory = _ => handler;
                    o.Transports = HttpTransportType.LongPolling;
                }
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();
        try
        {
            await connection.StartAsync(cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new CliException(
                e.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden ? ExitCodes.NotAuthorized : ExitCodes.Unreachable,
                $"The run hub at {dashboard}hubs/runs refused or did not answer: {e.Message}",
                "Check --url and --token (VIRTSRIOV_URL, VIRTSRIOV_TOKEN).",
                e);
        }

        await foreach (var runEvent in connection.StreamAsync<RunEvent>("Follow", runId, afterSequence, cancellationToken))
        {
            yield return runEvent;
            if (runEvent is { Kind: RunEventKind.RunStatusChanged, RunStatus: not RunStatus.Active and not null })
            {
                yield break;
            }
        }
    }
}
