using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using VirtSriov.Cli;
using VirtSriov.Core.Audit;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;
using VirtSriov.Data;
using VirtSriov.Web.Tests.Hosting;

namespace VirtSriov.Web.Tests.Cli;

/// <summary><c>virtsriov … --local</c>: the engine in the CLI's own process on a data folder, refused while a dashboard holds it.</summary>
public sealed class CliLocalTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "virtsriov-cli-local-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task CreateApplyAllWatchTeardown_LocallyOnTheSimulatedLab_AuditedAsTheLocalCli()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        var ct = timeout.Token;
        string[] local = ["--local", "--data", _data, "--json"];
        Directory.CreateDirectory(_data);
        var settings = Path.Combine(_data, "settings.yaml");
        await File.WriteAllTextAsync(settings, "pfAddress: 0000:3b:00.0\ntestpmdSeconds: 5\nworkers:\n  - virtsriov-worker-0\n  - virtsriov-worker-1\n", ct);

        var labs = await CliInvocation.RunAsync(["labs", .. local], ct);
        var created = await CliInvocation.RunAsync(["run", "create", "--file", settings, .. local], ct);
        var runId = created.Json.GetProperty("id").GetString()!;
        var applied = await CliInvocation.RunAsync(["run", "apply", runId, .. local], ct);
        var watched = await CliInvocation.RunAsync(["run", "watch", runId, "--after", "0", .. local], ct);
        var tornDown = await CliInvocation.RunAsync(["run", "teardown", runId, .. local], ct);

        Assert.Contains(labs.Json.EnumerateArray(), l => l.GetProperty("kind").GetString() == "Simulated");
        Assert.Equal((ExitCodes.Ok, "Succeeded"), (applied.ExitCode, applied.Json.GetProperty("status").GetString()));
        var events = watched.Lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.Contains(events, e => e.GetProperty("kind").GetString() == "Throughput" && e.GetProperty("sample").GetProperty("rxPps").GetInt64() > 0);
        Assert.Equal("Succeeded", events[^1].GetProperty("runStatus").GetString());
        Assert.Equal((ExitCodes.Ok, "TornDown"), (tornDown.ExitCode, tornDown.Json.GetProperty("teardown").GetString()));
        var audit = await AuditAsync(ct);
        Assert.Equal(["run.create", "run.remaining", "run.teardown"], audit.Select(e => e.Action).Order(StringComparer.Ordinal));
        Assert.All(audit, e => Assert.EndsWith("(local CLI)", e.User, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunLeftMidStepByAKilledLocalProcess_ApplyAsksForResume_ResumeThenApplyContinues()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        var ct = timeout.Token;
        string[] local = ["--local", "--data", _data, "--json"];
        var runId = (await CliInvocation.RunAsync(["run", "create", "--pf", "0000:3b:00.0", .. local], ct)).Json.GetProperty("id").GetString()!;
        await using (var services = new ServiceCollection().AddVirtSriovData(_data).BuildServiceProvider())
        {
            // What a local process killed while applying Preflight leaves in the folder.
            await services.GetRequiredService<IRunStore>().SaveStepAsync(Guid.Parse(runId), new StepRunRecord(StepKind.Preflight, StepStatus.Applying, [], null), ct);
        }

        var refused = await CliInvocation.RunAsync(["run", "apply", runId, "--step", "Preflight", .. local], ct);
        var resumed = await CliInvocation.RunAsync(["run", "resume", runId, .. local], ct);
        var applied = await CliInvocation.RunAsync(["run", "apply", runId, "--step", "Preflight", .. local], ct);

        Assert.Equal(ExitCodes.Failed, refused.ExitCode);
        Assert.Contains("Interrupted", refused.Error, StringComparison.Ordinal);
        Assert.Equal((ExitCodes.Ok, "Active", "Preflight"), (resumed.ExitCode, resumed.Json.GetProperty("status").GetString(), resumed.Json.GetProperty("nextStep").GetString()));
        Assert.Equal((ExitCodes.Ok, "Succeeded"), (applied.ExitCode, applied.Json.GetProperty("status").GetString()));
        Assert.Contains("run.resume", (await AuditAsync(ct)).Select(e => e.Action));
    }

    [Fact]
    public async Task WhileADashboardHoldsTheFolder_ChangesAreRefusedAndReadingWorks()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new DashboardFactory();
        factory.StartServer();
        string[] local = ["--local", "--data", factory.DataDirectory];

        var create = await CliInvocation.RunAsync(["run", "create", .. local], ct);
        var labs = await CliInvocation.RunAsync(["labs", "--json", .. local], ct);

        Assert.Equal(ExitCodes.Failed, create.ExitCode);
        Assert.Contains("in use by a running dashboard", create.Error, StringComparison.Ordinal);
        Assert.Contains("--url and --token", create.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, labs.ExitCode);
        Assert.Contains(labs.Json.EnumerateArray(), l => l.GetProperty("kind").GetString() == "Simulated");
    }

    [Fact]
    public async Task BadLocalInput_NamedWithExitCode()
    {
        var ct = TestContext.Current.CancellationToken;

        var both = await CliInvocation.RunAsync(["labs", "--local", "--data", _data, "--url", "http://127.0.0.1:5080"], ct);
        var unknownRun = await CliInvocation.RunAsync(["run", "apply", Guid.NewGuid().ToString(), "--local", "--data", _data], ct);
        var badSettings = await CliInvocation.RunAsync(["run", "create", "--vfs=-1", "--local", "--data", _data], ct);

        Assert.Equal(ExitCodes.BadInput, both.ExitCode);
        Assert.Contains("--local and --url", both.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, unknownRun.ExitCode);
        Assert.Contains("There is no run", unknownRun.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, badSettings.ExitCode);
        Assert.Contains("VfCount", badSettings.Error, StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private async Task<IReadOnlyList<AuditEntry>> AuditAsync(CancellationToken ct)
    {
        await using var services = new ServiceCollection().AddVirtSriovData(_data).BuildServiceProvider();
        return (await services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(), ct)).Items;
    }
}
