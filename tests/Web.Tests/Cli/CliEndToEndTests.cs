using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using VirtSriov.Cli;
using VirtSriov.Cli.Remote;
using VirtSriov.Core.Tokens;
using VirtSriov.Web.Tests.Hosting;

namespace VirtSriov.Web.Tests.Cli;

/// <summary>The <c>virtsriov</c> CLI against a dashboard listening on a real loopback port: --json output parsed, exit codes checked.</summary>
public sealed class CliEndToEndTests
{
    private static readonly string[] TornDownSteps = ["DpdkTest", "DevicePlugin", "NodeTuning", "WorkerVms", "Cluster", "VirtualFunctions"];

    [Fact]
    public async Task CreateApplyAllWatchTeardown_OnTheSimulatedLab()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        var ct = timeout.Token;
        await using var factory = new DashboardFactory();
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var url = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var token = (await factory.Services.GetRequiredService<IApiTokenStore>().CreateAsync("ci", ApiTokenScope.Operator, DateTimeOffset.UtcNow.AddDays(1), "admin", ct)).Secret;
        string[] connection = ["--url", url, "--token", token, "--json"];

        var labs = await CliInvocation.RunAsync([.. "labs".Split(' '), .. connection], ct);
        var settings = Path.Combine(factory.DataDirectory, "settings.yaml");
        await File.WriteAllTextAsync(settings, "pfAddress: 0000:3b:00.0\ntestpmdSeconds: 5\nworkers:\n  - virtsriov-worker-0\n  - virtsriov-worker-1\n", ct);
        var created = await CliInvocation.RunAsync(["run", "create", "--file", settings, .. connection], ct);
        var runId = created.Json.GetProperty("id").GetString()!;
        var applied = await CliInvocation.RunAsync(["run", "apply", runId, .. connection], ct);
        var watched = await CliInvocation.RunAsync(["run", "watch", runId, "--after", "0", .. connection], ct);
        var tornDown = await CliInvocation.RunAsync(["run", "teardown", runId, .. connection], ct);

        Assert.Contains(labs.Json.EnumerateArray(), l => l.GetProperty("kind").GetString() == "Simulated");
        Assert.Equal((ExitCodes.Ok, "Succeeded"), (applied.ExitCode, applied.Json.GetProperty("status").GetString()));
        Assert.Equal(7, applied.Json.GetProperty("steps").EnumerateArray().Count(s => s.GetProperty("status").GetString() == "Succeeded"));
        var events = watched.Lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(ExitCodes.Ok, watched.ExitCode);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.Contains(events, e => e.GetProperty("kind").GetString() == "Throughput" && e.GetProperty("sample").GetProperty("rxPps").GetInt64() > 0);
        Assert.Equal("Succeeded", events[^1].GetProperty("runStatus").GetString());
        // Teardown runs last step first and gives everything back: the run stays Succeeded, torn down.
        Assert.Equal((ExitCodes.Ok, "Succeeded", "TornDown"), (tornDown.ExitCode, tornDown.Json.GetProperty("status").GetString(), tornDown.Json.GetProperty("teardown").GetString()));
        var steps = tornDown.Json.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("step").GetString()!, s => s.GetProperty("status").GetString());
        Assert.All(TornDownSteps, step => Assert.Equal("TornDown", steps[step]));
    }

    [Fact]
    public async Task BadTokenOrUnknownRun_MeaningfulExitCodes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new DashboardFactory();
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var url = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var readOnly = (await factory.Services.GetRequiredService<IApiTokenStore>().CreateAsync("ro", ApiTokenScope.ReadOnly, DateTimeOffset.UtcNow.AddDays(1), "admin", ct)).Secret;

        var badToken = await CliInvocation.RunAsync(["labs", "--url", url, "--token", ApiTokenSecret.Generate()], ct);
        var refused = await CliInvocation.RunAsync(["run", "create", "--url", url, "--token", readOnly], ct);
        var unknown = await CliInvocation.RunAsync(["run", "teardown", Guid.NewGuid().ToString(), "--url", url, "--token", readOnly.Replace("vsr_", "vsr_x", StringComparison.Ordinal)], ct);
        var noUrl = await CliInvocation.RunAsync(["labs", "--url", "", "--token", readOnly], ct);

        Assert.Equal(ExitCodes.NotAuthorized, badToken.ExitCode);
        Assert.Equal(ExitCodes.NotAuthorized, refused.ExitCode);
        Assert.Contains("read-only", refused.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.NotAuthorized, unknown.ExitCode);
        Assert.Equal(ExitCodes.BadInput, noUrl.ExitCode);
        Assert.Contains("--url", noUrl.Error, StringComparison.Ordinal);
    }
}
