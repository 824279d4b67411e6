using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;
using VirtSriov.Web.Tests.Hosting;

namespace VirtSriov.Web.Tests.Hubs;

public sealed class RunHubTests
{
    [Fact]
    public async Task Follow_AfterSequenceThree_ReplaysFourAndFiveThenLiveSixAndSevenOnce()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var factory = new DashboardFactory();
        var (_, cookies) = await SignIn.AsAdminAsync(factory, cancellationToken);
        var runId = await CreateRunAsync(factory, cancellationToken);
        var otherRunId = await CreateRunAsync(factory, cancellationToken);
        await PublishAsync(factory, [.. Enumerable.Range(1, 5).Select(s => Event(runId, s))], cancellationToken);
        await PublishAsync(factory, [Event(otherRunId, 4)], cancellationToken);
        var server = factory.Server;
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, "hubs/runs"), o =>
            {
                o.Transports = HttpTransportType.LongPolling;
                o.HttpMessageHandlerFactory = _ => server.CreateHandler();
                o.Headers["Cookie"] = cookies.GetCookieHeader(server.BaseAddress);
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();
        await connection.StartAsync(cancellationToken);
        using var follow = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        follow.CancelAfter(TimeSpan.FromSeconds(30));
        var received = new List<long>();

        await foreach (var e in connection.StreamAsync<RunEvent>("Follow", runId, 3L, follow.Token))
        {
            Assert.Equal(runId, e.RunId);
            received.Add(e.Sequence);
            if (e.Sequence == 5)
            {
                await PublishAsync(factory, [Event(runId, 5), Event(runId, 6)], cancellationToken);
                await PublishAsync(factory, [Event(runId, 7)], cancellationToken);
            }

            if (e.Sequence == 7)
            {
                break;
            }
        }

        Assert.Equal([4L, 5L, 6L, 7L], received);
    }

    private static async Task<Guid> CreateRunAsync(DashboardFactory factory, CancellationToken cancellationToken)
    {
        var lab = await factory.Services.GetRequiredService<ILabStore>()
            .AddAsync("lab-" + Guid.NewGuid().ToString("N"), LabKind.Host, "/", "test:///default", cancellationToken);
        var run = await factory.Services.GetRequiredService<IRunStore>()
            .CreateAsync(lab.Id, new RunSettings(), DateTimeOffset.UnixEpoch, cancellationToken);
        return run.Id;
    }

    /// <summary>As the engine does: store first, then broadcast (re-broadcasting a stored event must not duplicate it).</summary>
    private static async Task PublishAsync(DashboardFactory factory, IReadOnlyList<RunEvent> events, CancellationToken cancellationToken)
    {
        var store = factory.Services.GetRequiredService<IRunEventStore>();
        var fresh = new List<RunEvent>();
        foreach (var e in events)
        {
            if (await store.GetLastSequenceAsync(e.RunId, cancellationToken) < e.Sequence)
            {
                fresh.Add(e);
            }
        }

        await store.AppendAsync(fresh, cancellationToken);
        factory.Services.GetRequiredService<RunEventBroadcaster>().Broadcast(events);
    }

    private static RunEvent Event(Guid runId, long sequence) =>
        new(runId, sequence, DateTimeOffset.UnixEpoch.AddSeconds(sequence), RunEventKind.Log, StepKind.Preflight, $"line {sequence}");
}
