using VirtSriov.Core.Host;
using VirtSriov.Core.Host.Persistence;
using VirtSriov.Core.Host.Remote;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Labs.Emulated;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Testpmd;
using VirtSriov.Lab.Tests.TestSupport;
using VirtSriov.TestDoubles;

namespace VirtSriov.Lab.Tests.EmulatedLab;

/// <summary>
/// The emulated lab as a remote hypervisor whose SSH connection drops mid-step: the step fails naming it, libvirt's
/// qemu+ssh connection (dropped with it) fails the next call once naming it and is reopened, and the resumed step
/// completes with the VFs made once and tears down on the same lab. (The reboot check runs through the API in the
/// end-to-end test EmulatedLabWizardEndToEndTests, on the dashboard process.)
/// </summary>
public sealed class RebootAndSshFaultLabTests : IDisposable
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(6);

    private readonly string _data = Directory.CreateTempSubdirectory("virtsriov-reboot-lab-").FullName;

    [Fact]
    public async Task VirtualFunctions_SshDroppedMidStep_FailsNamingTheConnectionAndTheResumedStepMakesTheVfsOnce()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var output = new Figures(TestContext.Current.TestOutputHelper!);
        await SkipUnlessPreparedAsync(cancellationToken);
        var time = TimeProvider.System;
        var keys = new SshKeyStore(_data, new ProcessRunner());
        using var guest = new EmulatedHypervisor(EmulatedLabHost.ScriptsDirectory, EmulatedLabHost.CacheDirectory, Path.Combine(_data, "emulated-hypervisor"), keys, time);
        var lab = new LabDefinition(Guid.NewGuid(), EmulatedHypervisor.LabName, LabKind.Host, "/", guest.LibvirtUri, false, time.GetUtcNow());
        var factory = new LabEnvironmentFactory(new InMemoryLabStore(), new NothingRunsHere(), new LocalTestpmd(time, "/usr/bin/dpdk-testpmd"), keys, time);
        var log = new VirtSriov.Cli.LabRun.RecordingStepLog(time, TextWriter.Null);
        try
        {
            await guest.StartAsync(BootTimeout, cancellationToken).WaitAsync(BootTimeout + TimeSpan.FromMinutes(1), cancellationToken);
            await using var remote = await factory.CreateAsync(lab, cancellationToken).WaitAsync(StepTimeout, cancellationToken);
            var recording = new RecordingSysfs(remote.Sysfs);
            var dropping = new DropSshDuringFirstVfSetting(remote.Processes);
            var environment = new WithSeams(remote, recording, dropping);
            var pf = SriovInventory.ReadPhysicalFunctions(environment.Sysfs).Single(p => p.IsIntel && p.IsSriovCapable);
            var settings = new RunSettings { PfAddress = pf.Address, VfCount = 2, Workers = [], PersistAcrossReboot = false };
            var context = new StepContext(Guid.NewGuid(), settings, environment, log, time);
            var step = new VirtualFunctionsStep();

            var plan = await step.PlanAsync(context, cancellationToken).WaitAsync(StepTimeout, cancellationToken);
            var failure = await Assert.ThrowsAsync<ActionableException>(() => step.ApplyAsync(context, plan, cancellationToken).WaitAsync(StepTimeout, cancellationToken));
            output.WriteLine($"failure: {failure.Message} Fix: {failure.Fix}");
            var afterFailure = SriovInventory.ReadVirtualFunctions(environment.Sysfs, pf.Address);

            // The drop also ended libvirt's own qemu+ssh session: the next libvirt call fails once naming it, the one after reopens it.
            var libvirtLost = await Assert.ThrowsAsync<ActionableException>(() => environment.Hypervisor.ListDomainNamesAsync(cancellationToken).WaitAsync(StepTimeout, cancellationToken));
            output.WriteLine($"libvirt: {libvirtLost.Message} Fix: {libvirtLost.Fix}");
            var domainsAfterReopen = await environment.Hypervisor.ListDomainNamesAsync(cancellationToken).WaitAsync(StepTimeout, cancellationToken);

            var resumedPlan = await step.PlanAsync(context, cancellationToken).WaitAsync(StepTimeout, cancellationToken);
            await step.ApplyAsync(context, resumedPlan, cancellationToken).WaitAsync(StepTimeout, cancellationToken);
            var resumed = SriovInventory.ReadVirtualFunctions(environment.Sysfs, pf.Address);
            await step.TeardownAsync(context, cancellationToken).WaitAsync(StepTimeout, cancellationToken);
            var afterTeardown = SriovInventory.ReadVirtualFunctions(environment.Sysfs, pf.Address);

            Assert.True(dropping.Dropped);
            Assert.Contains($"The SSH connection to {guest.Target} was lost during", failure.Message, StringComparison.Ordinal);
            Assert.StartsWith($"The libvirt connection to {environment.Hypervisor.Uri} was lost during virConnectListAllDomains", libvirtLost.Message, StringComparison.Ordinal);
            Assert.NotNull(domainsAfterReopen);
            Assert.Empty(afterTeardown);
            Assert.Equal(afterFailure.Count, resumedPlan.DetailsAs<VfPlan>().CurrentCount);
            Assert.Equal(2, resumed.Count);
            Assert.All(resumed, vf => Assert.Equal("vfio-pci", vf.Driver));
            // The count is written once per Apply that made the VFs, never again over VFs that exist.
            Assert.Equal(afterFailure.Count == 0 ? 2 : 1, recording.Writes.Count(w => w.Path.EndsWith("/sriov_numvfs", StringComparison.Ordinal) && w.Value != "0"));
        }
        finally
        {
            await guest.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(3), CancellationToken.None);
            WriteLog(output, log);
        }
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private static async Task SkipUnlessPreparedAsync(CancellationToken cancellationToken)
    {
        var notReady = await EmulatedLabHost.PrepareAsync(cancellationToken).WaitAsync(TimeSpan.FromMinutes(10), cancellationToken);
        Assert.False(notReady is not null && Environment.GetEnvironmentVariable("CI") == "true", $"CI=true, and the emulated lab cannot run: {notReady}");
        Assert.SkipWhen(notReady is not null, $"SKIPPED: THE EMULATED SR-IOV LAB CANNOT RUN HERE: {notReady}");
    }

    private static void WriteLog(Figures output, VirtSriov.Cli.LabRun.RecordingStepLog log)
    {
        foreach (var entry in log.Entries)
        {
            output.WriteLine($"{entry.Level} {entry.Text}");
        }
    }

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

    /// <summary>The guest's sysfs over SSH, with its writes recorded.</summary>
    private sealed class RecordingSysfs(ISysfs inner) : ISysfs
    {
        public List<(string Path, string Value)> Writes { get; } = [];

        public bool IsSimulated => inner.IsSimulated;

        public bool Exists(string path) => inner.Exists(path);

        public string ReadText(string path) => inner.ReadText(path);

        public IReadOnlyList<string> List(string directory) => inner.List(directory);

        public string? ReadLink(string path) => inner.ReadLink(path);

        public void WriteText(string path, string value)
        {
            Writes.Add((path, value));
            inner.WriteText(path, value);
        }
    }

    /// <summary>
    /// The guest's programs over SSH; the step's first <c>ip link set … vf</c> (alone or in a batch) runs, on the step's own connection, as
    /// <c>pkill -f 'sshd: root'</c> first (every root SSH session in the guest ends, the listening sshd stays), so the
    /// connection drops while the step's call is in flight, as a dropped network would.
    /// </summary>
    private sealed class DropSshDuringFirstVfSetting(IProcessRunner inner) : IProcessRunner
    {
        public bool Dropped { get; private set; }

        public Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
        {
            if (!Dropped && file == "ip" && arguments.Contains("set") && arguments.Contains("vf"))
            {
                Dropped = true;
                return inner.RunAsync("sh", ["-c", "pkill -f 'sshd: root'; exec \"$0\" \"$@\"", file, .. arguments], cancellationToken);
            }

            return inner.RunAsync(file, arguments, cancellationToken);
        }

        public Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> arguments, string standardInput, CancellationToken cancellationToken)
        {
            if (!Dropped && file == "ip" && standardInput.Contains(" vf ", StringComparison.Ordinal) && standardInput.Contains("link set", StringComparison.Ordinal))
            {
                Dropped = true;
                return inner.RunAsync("sh", ["-c", "pkill -f 'sshd: root'; exec \"$0\" \"$@\"", file, .. arguments], standardInput, cancellationToken);
            }

            return inner.RunAsync(file, arguments, standardInput, cancellationToken);
        }

        public IAsyncEnumerable<string> StreamLinesAsync(string file, IReadOnlyList<string> arguments, Action<int>? exited, CancellationToken cancellationToken) =>
            inner.StreamLinesAsync(file, arguments, exited, cancellationToken);
    }

    /// <summary>A lab's seams with its sysfs and programs replaced.</summary>
    private sealed class WithSeams(ILabEnvironment inner, ISysfs sysfs, IProcessRunner processes) : ILabEnvironment
    {
        public LabDefinition Lab => inner.Lab;

        public ISysfs Sysfs => sysfs;

        public VirtSriov.Core.Libvirt.IHypervisor Hypervisor => inner.Hypervisor;

        public VirtSriov.Core.Cluster.IClusterClient Cluster => inner.Cluster;

        public IProcessRunner Processes => processes;

        public IServiceManager Services => inner.Services;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
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
