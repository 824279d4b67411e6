using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using VirtSriov.Core;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Labs.Emulated;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;
using VirtSriov.Data;
using VirtSriov.Web.EmulatedLab;

namespace VirtSriov.Web.Tests.EmulatedLab;

/// <summary>The runner against a stand-in for run.sh (a process runner that writes the guest's files) and a real SQLite history.</summary>
public sealed class EmulatedLabRunnerTests : IAsyncDisposable
{
    private static readonly LabRunOptions Options = new(LabRunOptions.AutoPf, 7, 2, 8, LabRunOptions.NobodyUid, "result.json");
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("virtsriov-emulab-");
    private readonly ServiceProvider services;
    private readonly GuestStandIn guest = new();

    public EmulatedLabRunnerTests()
    {
        services = new ServiceCollection().AddVirtSriovData(Path.Combine(folder.FullName, "data")).BuildServiceProvider();
        foreach (var dir in new[] { "scripts", "cache" })
        {
            Directory.CreateDirectory(Path.Combine(folder.FullName, dir));
        }

        File.WriteAllText(Path.Combine(folder.FullName, "scripts", "run.sh"), "");
        File.WriteAllText(Path.Combine(folder.FullName, "VirtSriov.Cli.dll"), "");
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CheckAsync_NoKernelInTheCache_SaysTheLabIsNotPreparedAndHowToPrepareIt()
    {
        var readiness = await Runner().CheckAsync(Token);

        Assert.False(readiness.IsReady);
        Assert.Contains("vmlinuz, initrd.gz missing", readiness.Problem, StringComparison.Ordinal);
        Assert.StartsWith("sudo bash scripts/install-prereqs.sh --lab", readiness.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_GuestWritesConsoleAndResult_FollowsTheConsoleAndImportsTheRun()
    {
        Prepare();
        await DatabaseInitializer.MigrateAsync(services, Token);
        var runner = Runner();

        var job = await runner.StartAsync(Options, Token);
        await runner.Running.WaitAsync(TimeSpan.FromSeconds(30), Token);

        var view = job.Snapshot();
        Assert.Equal(EmulatedLabJobStatus.Imported, view.Status);
        Assert.Contains("virtsriov-lab: job starting at 9.8 s", view.Lines);
        Assert.Contains("[ 20.8s] command write sriov_numvfs 7", view.Lines);
        Assert.Contains(view.Lines, l => l.Contains("run.sh", StringComparison.Ordinal) && l.Contains("lab-run --pf auto --vfs 7 --bind 2 --testpmd-seconds 8", StringComparison.Ordinal));
        var run = await services.GetRequiredService<IRunStore>().GetAsync(view.RunId!.Value, Token);
        Assert.Equal(LabResultImporter.LabName, run!.LabName);
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("no PF on this guest", view.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_GuestLeavesNoResult_FailsWithThePreparationFixOn125()
    {
        Prepare();
        guest.WriteResult = false;
        guest.ExitCode = 125;
        var runner = Runner();

        var job = await runner.StartAsync(Options, Token);
        await runner.Running.WaitAsync(TimeSpan.FromSeconds(30), Token);

        var view = job.Snapshot();
        Assert.Equal(EmulatedLabJobStatus.Failed, view.Status);
        Assert.Contains(EmulatedLabRunner.PrepareCommand, view.Error, StringComparison.Ordinal);
        Assert.Null(view.RunId);
    }

    [Fact]
    public async Task StartAsync_WhileAJobRuns_IsRefused()
    {
        Prepare();
        guest.Hold = new TaskCompletionSource();
        await DatabaseInitializer.MigrateAsync(services, Token);
        var runner = Runner();
        await runner.StartAsync(Options, Token);

        var error = await Assert.ThrowsAsync<ActionableException>(() => runner.StartAsync(Options, Token));

        Assert.Contains("already running", error.Message, StringComparison.Ordinal);
        guest.Hold.SetResult();
        await runner.Running.WaitAsync(TimeSpan.FromSeconds(30), Token);
        Assert.Equal(EmulatedLabJobStatus.Imported, runner.Current!.Snapshot().Status);
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        folder.Delete(recursive: true);
    }

    private void Prepare()
    {
        File.WriteAllText(Path.Combine(folder.FullName, "cache", "vmlinuz"), "");
        File.WriteAllText(Path.Combine(folder.FullName, "cache", "initrd.gz"), "");
    }

    private EmulatedLabRunner Runner() => new(
        guest,
        services.GetRequiredService<ILabStore>(),
        services.GetRequiredService<IRunStore>(),
        services.GetRequiredService<IRunEventStore>(),
        Microsoft.Extensions.Options.Options.Create(new EmulatedLabOptions
        {
            ScriptsDirectory = Path.Combine(folder.FullName, "scripts"),
            CacheDirectory = Path.Combine(folder.FullName, "cache"),
            CliPath = Path.Combine(folder.FullName, "VirtSriov.Cli.dll"),
        }),
        Microsoft.Extensions.Options.Options.Create(new VirtSriovOptions { DataDirectory = Path.Combine(folder.FullName, "data") }),
        TimeProvider.System,
        new Lifetime(),
        NullLogger<EmulatedLabRunner>.Instance);

    /// <summary>Plays run.sh: QEMU writes the guest console into JOBDIR/console.log, the guest writes result.json there.</summary>
    private sealed class GuestStandIn : IProcessRunner
    {
        public bool WriteResult { get; set; } = true;

        public int ExitCode { get; set; }

        public TaskCompletionSource? Hold { get; set; }

        public Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
            Task.FromResult(file == "qemu-system-x86_64" ? new ProcessResult(0, "name \"igb\", bus PCI, desc \"Intel 82576 Gigabit Ethernet Controller\"\n", "") : new ProcessResult(127, "", file));

        public Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> arguments, string standardInput, CancellationToken cancellationToken) =>
            RunAsync(file, arguments, cancellationToken);

        public async IAsyncEnumerable<string> StreamLinesAsync(string file, IReadOnlyList<string> arguments, Action<int>? exited, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var job = arguments[arguments.ToList().IndexOf("--") - 1];
            await File.WriteAllTextAsync(Path.Combine(job, "console.log"), "virtsriov-lab: job starting at 9.8 s\r\n[ 20.8s] command write ", cancellationToken);
            if (Hold is not null)
            {
                await Hold.Task.WaitAsync(cancellationToken);
            }

            await File.AppendAllTextAsync(Path.Combine(job, "console.log"), "sriov_numvfs 7\r\n", cancellationToken);
            if (WriteResult)
            {
                var result = new LabRunResult { Options = Options, StartedAt = DateTimeOffset.UnixEpoch, Error = "no PF on this guest" };
                await LabJson.WriteAsync(Path.Combine(job, "result.json"), result, cancellationToken);
            }

            yield return "emulated-lab: done";
            exited?.Invoke(ExitCode);
        }
    }

    private sealed class Lifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}
