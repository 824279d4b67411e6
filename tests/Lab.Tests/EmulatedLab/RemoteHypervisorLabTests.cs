using System.Diagnostics;
using VirtSriov.Core.Host;
using VirtSriov.Core.Host.Remote;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Labs.Emulated;
using VirtSriov.Core.Preflight;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Testpmd;
using VirtSriov.Lab.Tests.TestSupport;
using VirtSriov.TestDoubles;

namespace VirtSriov.Lab.Tests.EmulatedLab;

/// <summary>
/// The emulated lab as a remote hypervisor: booted with sshd and libvirtd, opened as a qemu+ssh lab, Preflight and the
/// Virtual functions step run on the guest's real kernel over SSH (nothing runs on this machine), torn down, powered off.
/// </summary>
public sealed class RemoteHypervisorLabTests : IDisposable
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(5);

    private readonly string _data = Directory.CreateTempSubdirectory("virtsriov-remote-lab-").FullName;

    [Fact]
    public async Task RemoteLab_PreflightAndVirtualFunctionsOverSsh_CreateBindAndTearDownOnTheGuestKernel()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var output = new Figures(TestContext.Current.TestOutputHelper!);
        var notReady = await EmulatedLabHost.PrepareAsync(cancellationToken).WaitAsync(TimeSpan.FromMinutes(10), cancellationToken);
        Assert.False(notReady is not null && Environment.GetEnvironmentVariable("CI") == "true", $"CI=true, and the emulated lab cannot run: {notReady}");
        Assert.SkipWhen(notReady is not null, $"SKIPPED: THE EMULATED SR-IOV LAB CANNOT RUN HERE: {notReady}");
        var time = TimeProvider.System;
        var keys = new SshKeyStore(_data, new ProcessRunner());
        using var guest = new EmulatedHypervisor(EmulatedLabHost.ScriptsDirectory, EmulatedLabHost.CacheDirectory, Path.Combine(_data, "emulated-hypervisor"), keys, time);
        var lab = new LabDefinition(Guid.NewGuid(), EmulatedHypervisor.LabName, LabKind.Host, "/", guest.LibvirtUri, false, time.GetUtcNow());
        var factory = new LabEnvironmentFactory(new InMemoryLabStore(), new NothingRunsHere(), new LocalTestpmd(time, "/usr/bin/dpdk-testpmd"), keys, time);
        var log = new VirtSriov.Cli.LabRun.RecordingStepLog(time, TextWriter.Null);

        try
        {
            var clock = Stopwatch.StartNew();
            await guest.StartAsync(BootTimeout, cancellationToken).WaitAsync(BootTimeout + TimeSpan.FromMinutes(1), cancellationToken);
            output.WriteLine($"figure: lab boot to SSH and libvirtd ready {clock.Elapsed.TotalSeconds:0.0} s");

            await using var environment = await factory.CreateAsync(lab, cancellationToken).WaitAsync(StepTimeout, cancellationToken);
            var pf = SriovInventory.ReadPhysicalFunctions(environment.Sysfs).Single(p => p.IsIntel && p.IsSriovCapable);
            var settings = new RunSettings { PfAddress = pf.Address, VfCount = 2, Workers = [], PersistAcrossReboot = false };
            clock.Restart();
            var report = await new PreflightDoctor(time).ExamineAsync(environment, settings, cancellationToken).WaitAsync(StepTimeout, cancellationToken);
            output.WriteLine($"figure: Preflight over SSH {clock.Elapsed.TotalSeconds:0.0} s");
            var context = new StepContext(Guid.NewGuid(), settings, environment, log, time);
            var step = new VirtualFunctionsStep();

            clock.Restart();
            var plan = await step.PlanAsync(context, cancellationToken).WaitAsync(StepTimeout, cancellationToken);
            await step.ApplyAsync(context, plan, cancellationToken).WaitAsync(StepTimeout, cancellationToken);
            output.WriteLine($"figure: Virtual functions (plan + create 2 VFs + bind) over SSH {clock.Elapsed.TotalSeconds:0.0} s");
            var created = SriovInventory.ReadVirtualFunctions(environment.Sysfs, pf.Address);
            await step.TeardownAsync(context, cancellationToken).WaitAsync(StepTimeout, cancellationToken);
            var afterTeardown = SriovInventory.ReadVirtualFunctions(environment.Sysfs, pf.Address);

            Assert.Contains(report.Findings, f => (f.Title + f.Observed).Contains(pf.Address, StringComparison.Ordinal));
            Assert.Equal("10c9", pf.DeviceId);
            Assert.Equal(2, created.Count);
            Assert.All(created, vf => Assert.Equal("vfio-pci", vf.Driver));
            Assert.Empty(afterTeardown);
        }
        finally
        {
            await guest.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(3), CancellationToken.None);
            foreach (var entry in log.Entries)
            {
                output.WriteLine($"{entry.Level} {entry.Text}");
            }
        }

        Assert.False(guest.IsRunning);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);

    /// <summary>Figures for the benchmark script (never asserted): to the test output, and appended to $VIRTSRIOV_FIGURES_FILE when set.</summary>
    private sealed class Figures(ITestOutputHelper output)
    {
        public void WriteLine(string line)
        {
            output.WriteLine(line);
            if (Environment.GetEnvironmentVariable("VIRTSRIOV_FIGURES_FILE") is { Length: > 0 } file && line.StartsWith("figure:", StringComparison.Ordinal))
            {
                File.AppendAllText(file, line + Environment.NewLine);
            }
        }
    }

    /// <summary>A remote lab runs no program on this machine: any attempt fails the test.</summary>
    private sealed class NothingRunsHere : IProcessRunner
    {
        public Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"a remote lab ran '{file}' on this machine");

        public Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> arguments, string standardInput, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"a remote lab ran '{file}' on this machine");

        public IAsyncEnumerable<string> StreamLinesAsync(string file, IReadOnlyList<string> arguments, Action<int>? exited, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"a remote lab ran '{file}' on this machine");
    }
}
