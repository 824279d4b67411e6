using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using VirtSriov.Core.Host;
using VirtSriov.Core.Host.Remote;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Labs.Emulated;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Testpmd;
using VirtSriov.Data;
using VirtSriov.EndToEnd.Tests;
using VirtSriov.Lab.Tests.TestSupport;
using VirtSriov.TestDoubles;

namespace VirtSriov.Lab.Tests.EmulatedLab;

/// <summary>
/// kill -9 during a host step on the emulated lab as a remote hypervisor: the real <c>virtsriov run … --local</c>
/// engine (its own process) applies Virtual functions over qemu+ssh on the guest's kernel and is killed with SIGKILL as
/// soon as the step's first change intent is journaled; a new process resumes the run and applies the step again. The
/// lab must end with exactly the VFs an uninterrupted run leaves, no journaled change lost (each one unfinished is
/// reported in the run's log) and none applied more often than the uninterrupted run applies it. Both runs use the same
/// guest through two labs with the same URI, so each has its own journal.
/// </summary>
public sealed class KillDuringHostStepLabTests : IDisposable
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);

    private const string TcgWorkerXml = """
        <domain type='qemu'>
          <name>virtsriov-worker-0</name>
          <memory unit='MiB'>64</memory>
          <vcpu>1</vcpu>
          <os><type arch='x86_64' machine='q35'>hvm</type></os>
        </domain>
        """;

    private readonly string _data = Directory.CreateTempSubdirectory("virtsriov-kill-host-step-").FullName;

    [Fact]
    public async Task KillNine_DuringVirtualFunctionsOnTheEmulatedHost_ResumedRunLeavesTheVfsOfAnUninterruptedRun()
    {
        var ct = TestContext.Current.CancellationToken;
        var output = TestContext.Current.TestOutputHelper!;
        var notReady = await EmulatedLabHost.PrepareAsync(ct).WaitAsync(TimeSpan.FromMinutes(10), ct);
        Assert.False(notReady is not null && Environment.GetEnvironmentVariable("CI") == "true", $"CI=true, and the emulated lab cannot run: {notReady}");
        Assert.SkipWhen(notReady is not null, $"SKIPPED: THE EMULATED SR-IOV LAB CANNOT RUN HERE: {notReady}");
        var time = TimeProvider.System;
        var keys = new SshKeyStore(_data, new ProcessRunner());
        using var guest = new EmulatedHypervisor(EmulatedLabHost.ScriptsDirectory, EmulatedLabHost.CacheDirectory, Path.Combine(_data, "emulated-hypervisor"), keys, time);
        try
        {
            await guest.StartAsync(BootTimeout, ct).WaitAsync(BootTimeout + TimeSpan.FromMinutes(1), ct);
            var (reference, faulted) = await AddLabsAsync(guest.LibvirtUri, ct);
            var factory = new LabEnvironmentFactory(new InMemoryLabStore(), new ProcessRunner(), new LocalTestpmd(time, "/usr/bin/dpdk-testpmd"), keys, time);
            await using var environment = await factory.CreateAsync(reference, ct).WaitAsync(CommandTimeout, ct);
            var pf = SriovInventory.ReadPhysicalFunctions(environment.Sysfs).Single(p => p.IsIntel && p.IsSriovCapable).Address;
            // The run's worker, defined and never started: a TCG worker, so Preflight on this KVM-less guest does not block.
            await environment.Hypervisor.DefineDomainAsync(TcgWorkerXml, ct).WaitAsync(CommandTimeout, ct);
            var settings = Path.Combine(_data, "settings.yaml");
            await File.WriteAllTextAsync(settings, $"pfAddress: {pf}\nvfCount: 2\nvfsPerWorker: 2\nworkers:\n  - virtsriov-worker-0\npersistAcrossReboot: false\n", ct);
            var history = new HistoryDatabase(_data);

            // Uninterrupted: Preflight and Virtual functions, the VFs read, then torn down for the faulted run.
            var uninterrupted = await CreateRunAsync(reference, settings, ct);
            await CliAsync(["run", "apply", uninterrupted, "--step", "Preflight"], ct);
            await CliAsync(["run", "apply", uninterrupted, "--step", "VirtualFunctions"], ct);
            var expectedVfs = Vfs(environment.Sysfs, pf);
            var expectedChanges = Counts(await history.ChangesAsync(reference.Id, ct));
            await CliAsync(["run", "teardown", uninterrupted], ct);
            Assert.Empty(Vfs(environment.Sysfs, pf));
            await AbandonAsync(uninterrupted, ct);

            // Faulted: the applying process is killed at the step's first change intent, a new one resumes.
            var run = await CreateRunAsync(faulted, settings, ct);
            await CliAsync(["run", "apply", run, "--step", "Preflight"], ct);
            var (journaledAtKill, midChange) = await ApplyAndKillAtFirstIntentAsync(run, history, faulted.Id, ct);
            var midStep = (await history.StepAsync(Guid.Parse(run), "VirtualFunctions", ct))?.Status == "Applying";
            await CliAsync(["run", "resume", run], ct);
            await CliAsync(["run", "apply", run, "--step", "VirtualFunctions"], ct);
            var actualVfs = Vfs(environment.Sysfs, pf);
            var changes = await history.ChangesAsync(faulted.Id, ct);
            var log = await history.LogTextsAsync(Guid.Parse(run), ct);
            await CliAsync(["run", "teardown", run], ct);

            var unfinished = changes.Where(c => c.CompletedAt is null).ToList();
            var lost = unfinished.Count(c => !log.Any(t => t.Contains(c.Change, StringComparison.Ordinal)));
            var twice = Counts(changes).Sum(kv => Math.Max(0, kv.Value - expectedChanges.GetValueOrDefault(kv.Key)));
            output.WriteLine($"figure: kill -9 in Virtual functions on the emulated host: killed mid-step {(midStep ? "y" : "n")} (mid-change {(midChange ? "y" : "n")}, {journaledAtKill} of {expectedChanges.Values.Sum()} changes journaled at the kill)");
            output.WriteLine($"figure: kill -9 on the emulated host: {changes.Count} changes journaled, {unfinished.Count} unfinished and reported, lost {lost}, applied twice {twice}");
            output.WriteLine($"figure: VFs uninterrupted [{string.Join(", ", expectedVfs)}], killed and resumed [{string.Join(", ", actualVfs)}]");
            Assert.True(midStep, "The kill did not land while Virtual functions was applying.");
            Assert.Equal(0, lost);
            Assert.Equal(0, twice);
            Assert.Equal(expectedVfs, actualVfs);
            Assert.Equal(2, actualVfs.Count);
        }
        finally
        {
            await guest.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(3), CancellationToken.None);
        }

        Assert.False(guest.IsRunning);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);

    /// <summary>Two host labs on the same guest (the same URI), one per run: a lab has one active run and one journal.</summary>
    private async Task<(LabDefinition Reference, LabDefinition Faulted)> AddLabsAsync(string uri, CancellationToken ct)
    {
        await CliAsync(["labs"], ct);
        await using var services = new ServiceCollection().AddVirtSriovData(_data).BuildServiceProvider();
        var labs = services.GetRequiredService<ILabStore>();
        return (await labs.AddAsync("emulated-uninterrupted", LabKind.Host, "/", uri, ct), await labs.AddAsync("emulated-killed", LabKind.Host, "/", uri, ct));
    }

    /// <summary>As the dashboard's Abandon does (the CLI has none): the hypervisor takes one active run at a time.</summary>
    private async Task AbandonAsync(string run, CancellationToken ct)
    {
        await using var services = new ServiceCollection().AddVirtSriovData(_data).BuildServiceProvider();
        await services.GetRequiredService<IRunStore>().SetStatusAsync(Guid.Parse(run), RunStatus.Cancelled, TimeProvider.System.GetUtcNow(), ct);
    }

    private async Task<string> CreateRunAsync(LabDefinition lab, string settings, CancellationToken ct)
    {
        var created = await CliAsync(["run", "create", "--lab", lab.Name, "--profile", "HypervisorOnly", "--file", settings], ct);
        return JsonDocument.Parse(created).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>
    /// Starts <c>run apply --step VirtualFunctions</c> as its own process and SIGKILLs it once the lab's journal holds an
    /// intent; returns how many changes were journaled then and whether the last had no result yet (killed mid-change).
    /// </summary>
    private async Task<(int Journaled, bool MidChange)> ApplyAndKillAtFirstIntentAsync(string run, HistoryDatabase history, Guid labId, CancellationToken ct)
    {
        using var process = Process.Start(CliStartInfo(["run", "apply", run, "--step", "VirtualFunctions"]))!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(CommandTimeout);
        try
        {
            while (true)
            {
                Assert.False(process.HasExited, $"run apply ended (exit {(process.HasExited ? process.ExitCode : 0)}) before the step journaled a change.");
                var changes = await history.ChangesAsync(labId, timeout.Token);
                if (changes.Count > 0)
                {
                    process.Kill();
                    await process.WaitForExitAsync(timeout.Token);
                    var atKill = await history.ChangesAsync(labId, timeout.Token);
                    return (atKill.Count, atKill[^1].CompletedAt is null);
                }

                await Task.Delay(5, timeout.Token);
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    private async Task<string> CliAsync(string[] arguments, CancellationToken ct)
    {
        using var process = Process.Start(CliStartInfo(arguments))!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct).WaitAsync(CommandTimeout, ct);
        Assert.True(process.ExitCode == 0, $"virtsriov {string.Join(' ', arguments)}: exit {process.ExitCode}\n{await stderr}\n{await stdout}");
        return await stdout;
    }

    private ProcessStartInfo CliStartInfo(string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[VirtsriovCli.DllPath, .. arguments, "--local", "--data", _data, "--json"])
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    private static List<string> Vfs(ISysfs sysfs, string pf) =>
        [.. SriovInventory.ReadVirtualFunctions(sysfs, pf).Select(vf => $"{vf.Index} {vf.Address} {vf.Driver}")];

    private static Dictionary<string, int> Counts(IReadOnlyList<JournaledChange> changes) =>
        changes.Where(c => c.Succeeded).GroupBy(c => c.Change).ToDictionary(g => g.Key, g => g.Count());
}
