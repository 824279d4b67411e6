using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using VirtSriov.Core.Cluster.Steps;
using VirtSriov.Core.Host;
using VirtSriov.Core.Host.Remote;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Labs.Emulated;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Preflight;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Testpmd;
using VirtSriov.Lab.Tests.TestSupport;
using VirtSriov.TestDoubles;

namespace VirtSriov.Lab.Tests.EmulatedLab;

/// <summary>
/// The whole chain on emulated hardware, driven through the product's run engine like the wizard drives it: the
/// emulated lab boots as a qemu+ssh hypervisor with a kcli-shaped worker domain (the worker initramfs: testpmd and the
/// guest agent); a "Hypervisor only" run applies Preflight, Virtual functions (2 VFs on the guest kernel's igb), Worker
/// VMs (the product's DomainPatcher: q35, UEFI, Intel vIOMMU, a VF as managed vfio hostdev, memtune; QEMU starts the
/// nested worker) and the DPDK test in the worker (testpmd as nobody with IOVA as VA through the guest agent, the lab's
/// other VF as the peer in mac forwarding); teardown restores the worker's original definition and removes the VFs, and
/// Inspect finds the lab as it was. Figures per stage go to the test output (and $VIRTSRIOV_FIGURES_FILE); they are
/// never asserted. The nested worker needs a quiet machine (TCG inside TCG on 2 cores), so the category is opt-in
/// (VIRTSRIOV_WHOLE_CHAIN=1 for scripts/test.sh).
/// </summary>
[Trait("Category", "WholeChain")]
public sealed class WholeChainLabTests : IAsyncDisposable
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The DPDK test in the worker: the nested boot to the guest agent, DPDK's start under nested TCG, the test.</summary>
    private static readonly TimeSpan DpdkStepTimeout = TimeSpan.FromMinutes(20);
    /// <summary>What the worker's init prints when it hands the igb VF (8086:10ca) to vfio-pci.</summary>
    private const string VfOnVfio = "(0x8086:0x10ca) on vfio-pci";

    private readonly string _data = Directory.CreateTempSubdirectory("virtsriov-whole-chain-").FullName;
    private readonly InMemoryRunEventStore _events = new();
    private readonly RunEventPublisher _publisher;

    public WholeChainLabTests() =>
        _publisher = new RunEventPublisher(_events, new RunEventBroadcaster(), TimeProvider.System, NullLogger<RunEventPublisher>.Instance);

    [Fact]
    public async Task HypervisorOnlyRun_WorkerVmsStartsANestedWorkerWithItsVf_TeardownLeavesTheLabAsItWas()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var output = new Figures(TestContext.Current.TestOutputHelper!);
        var notReady = await EmulatedLabHost.PrepareAsync(cancellationToken).WaitAsync(TimeSpan.FromMinutes(10), cancellationToken);
        Assert.False(notReady is not null && Environment.GetEnvironmentVariable("CI") == "true", $"CI=true, and the emulated lab cannot run: {notReady}");
        Assert.SkipWhen(notReady is not null, $"SKIPPED: THE EMULATED SR-IOV LAB CANNOT RUN HERE: {notReady}");
        var time = TimeProvider.System;
        var keys = new SshKeyStore(_data, new ProcessRunner());
        using var guest = new EmulatedHypervisor(EmulatedLabHost.ScriptsDirectory, EmulatedLabHost.CacheDirectory, Path.Combine(_data, "emulated-hypervisor"), keys, time);
        var labs = new InMemoryLabStore();
        var lab = labs.Add(new LabDefinition(Guid.NewGuid(), EmulatedHypervisor.LabName, LabKind.Host, "/", guest.LibvirtUri, false, time.GetUtcNow()));
        var runs = new InMemoryRunStore(labs);
        var factory = new LabEnvironmentFactory(labs, new ProcessRunner(), new LocalTestpmd(time, "/usr/bin/dpdk-testpmd"), keys, time);
        await using var environments = new LabEnvironmentCache(factory);
        await using var engine = new RunEngine(
            [new PreflightStep(), new VirtualFunctionsStep(), new ClusterStep(), new WorkerVmsStep(), new NodeTuningStep(), new DevicePluginStep(), new DpdkTestStep(), new WorkerDpdkTestStep()],
            runs, labs, environments, _publisher, [], time, NullLogger<RunEngine>.Instance);
        var worker = new EmulatedLabWorker(EmulatedLabHost.CacheDirectory, EmulatedLabHost.ScriptsDirectory);
        Guid? runId = null;

        try
        {
            var clock = Stopwatch.StartNew();
            var total = Stopwatch.StartNew();
            await guest.StartAsync(BootTimeout, cancellationToken).WaitAsync(BootTimeout + TimeSpan.FromMinutes(1), cancellationToken);
            output.WriteLine($"figure: lab boot to SSH and libvirtd ready {clock.Elapsed.TotalSeconds:0.0} s");

            clock.Restart();
            var environment = await environments.GetAsync(lab, cancellationToken).WaitAsync(StepTimeout, cancellationToken);
            using var ssh = new SshConnection(guest.Target, await keys.GetAsync(guest.Target, cancellationToken));
            await worker.EnsureDefinedAsync(ssh, environment.Hypervisor, Path.Combine(EmulatedLabHost.CacheDirectory, "worker-initrd.gz"), cancellationToken).WaitAsync(StepTimeout, cancellationToken);
            var originalXml = await environment.Hypervisor.GetDomainXmlAsync(EmulatedLabWorker.Name, inactive: true, cancellationToken).WaitAsync(StepTimeout, cancellationToken);
            output.WriteLine($"figure: kcli-shaped worker uploaded and defined over qemu+ssh {clock.Elapsed.TotalSeconds:0.0} s");

            var pf = SriovInventory.ReadPhysicalFunctions(environment.Sysfs).Single(p => p.IsIntel && p.IsSriovCapable);
            var settings = new RunSettings
            {
                RunProfile = RunProfile.HypervisorOnly,
                PfAddress = pf.Address,
                VfCount = 2,
                VfsPerWorker = 1,
                Workers = [EmulatedLabWorker.Name],
                PersistAcrossReboot = false,
                TestpmdSeconds = 10,
                MaxWorkerMemoryMiB = EmulatedLabWorker.MaxWorkerMemoryMiB,
            };
            runId = await engine.CreateRunAsync(lab.Id, settings, cancellationToken).WaitAsync(StepTimeout, cancellationToken);
            var findingsBefore = await engine.InspectAsync(runId.Value, StepKind.Preflight, cancellationToken).WaitAsync(StepTimeout, cancellationToken);

            clock.Restart();
            var preflight = await engine.ApplyAsync(runId.Value, StepKind.Preflight, cancellationToken).WaitAsync(StepTimeout, cancellationToken);
            output.WriteLine($"figure: Preflight over SSH {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.True(preflight.Status == StepStatus.Succeeded, $"Preflight: {preflight.Error} {preflight.Fix}");

            clock.Restart();
            var vfs = await engine.ApplyAsync(runId.Value, StepKind.VirtualFunctions, cancellationToken).WaitAsync(StepTimeout, cancellationToken);
            output.WriteLine($"figure: VFs ready (2 created, bound to vfio-pci) {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.True(vfs.Status == StepStatus.Succeeded, $"Virtual functions: {vfs.Error} {vfs.Fix}");

            clock.Restart();
            var workers = await engine.ApplyAsync(runId.Value, StepKind.WorkerVms, cancellationToken).WaitAsync(StepTimeout, cancellationToken);
            output.WriteLine($"figure: worker patched, defined and started by the Worker VMs step {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.True(workers.Status == StepStatus.Succeeded, $"Worker VMs: {workers.Error} {workers.Fix} ({workers.FailedCall})");
            Assert.Contains(workers.Plan!.Warnings, w => w.Contains($"at most {EmulatedLabWorker.MaxWorkerMemoryMiB} MiB", StringComparison.Ordinal));
            var live = await environment.Hypervisor.GetDomainXmlAsync(EmulatedLabWorker.Name, inactive: false, cancellationToken).WaitAsync(StepTimeout, cancellationToken);
            var attached = DomainHostdevs.PciAddresses(live);

            clock.Restart();
            var dpdk = await engine.ApplyAsync(runId.Value, StepKind.DpdkTest, cancellationToken).WaitAsync(DpdkStepTimeout, cancellationToken);
            output.WriteLine($"figure: DPDK test in the worker (nested boot to the guest agent, peer start, {settings.TestpmdSeconds} s of forwarding) {clock.Elapsed.TotalSeconds:0.0} s");
            var console = EmulatedLabWorker.ReadConsole(ssh);
            output.WriteLine("worker console:" + Environment.NewLine + console);
            Assert.True(dpdk.Status == StepStatus.Succeeded, $"DPDK test in the worker: {dpdk.Error} {dpdk.Fix} ({dpdk.FailedCall})");
            output.WriteLine("outcome: " + dpdk.Outcome);
            var samples = (await _events.ReadAsync(runId.Value, 0, 100_000, cancellationToken)).Select(e => e.Sample).OfType<ThroughputSample>().ToList();
            output.WriteLine($"figure: worker VF peak Tx {samples.Max(s => s.TxPps):N0} pps, peak Rx {samples.Max(s => s.RxPps):N0} pps ({samples.Count} samples)");

            clock.Restart();
            var torn = await engine.TeardownAsync(runId.Value, TeardownOptions.KeepCluster, cancellationToken).WaitAsync(StepTimeout, cancellationToken);
            output.WriteLine($"figure: teardown (worker restored, VFs removed) {clock.Elapsed.TotalSeconds:0.0} s");
            var restoredXml = await environment.Hypervisor.GetDomainXmlAsync(EmulatedLabWorker.Name, inactive: true, cancellationToken).WaitAsync(StepTimeout, cancellationToken);
            var workerRunning = await environment.Hypervisor.IsRunningAsync(EmulatedLabWorker.Name, cancellationToken).WaitAsync(StepTimeout, cancellationToken);
            var vfsAfter = SriovInventory.ReadVirtualFunctions(environment.Sysfs, pf.Address);
            Assert.True(torn.Teardown == RunTeardown.TornDown, $"teardown: {torn.Teardown}");
            var check = await engine.CreateRunAsync(lab.Id, settings, cancellationToken).WaitAsync(StepTimeout, cancellationToken);
            var findingsAfter = await engine.InspectAsync(check, StepKind.Preflight, cancellationToken).WaitAsync(StepTimeout, cancellationToken);
            await engine.AbandonAsync(check, cancellationToken).WaitAsync(StepTimeout, cancellationToken);
            output.WriteLine($"figure: whole chain (lab boot to teardown) {total.Elapsed.TotalSeconds:0.0} s");

            Assert.Contains($"uid {WorkerTestpmd.UnprivilegedUid} with IOVA as VA", dpdk.Outcome, StringComparison.Ordinal);
            Assert.Contains(samples, s => s.RxPackets > 0 && s.TxPackets > 0);
            Assert.Matches(@"peer VF \S+ received [1-9][\d,]* and sent back [1-9]", dpdk.Outcome);
            Assert.Equal(RunTeardown.TornDown, torn.Teardown);
            Assert.Single(attached);
            Assert.Contains(VfOnVfio, console, StringComparison.Ordinal);
            Assert.Contains("virtsriov-worker: iommu dmar0", console, StringComparison.Ordinal);
            Assert.Contains("agent ready", console, StringComparison.Ordinal);
            Assert.Equal(Normalize(originalXml), Normalize(restoredXml));
            Assert.False(workerRunning);
            Assert.Empty(vfsAfter);
            Assert.Equal(Describe(findingsBefore), Describe(findingsAfter));
        }
        finally
        {
            await guest.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(3), CancellationToken.None);
            if (runId is { } id)
            {
                var events = await _events.ReadAsync(id, 0, 100_000, CancellationToken.None);
                foreach (var e in events)
                {
                    output.WriteLine($"{(e.At - events[0].At).TotalSeconds,7:0.0} {e.Level} {e.Step} {e.Text}");
                }
            }
        }

        Assert.False(guest.IsRunning);
    }

    public async ValueTask DisposeAsync()
    {
        await _publisher.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    private static string Normalize(string xml) => System.Xml.Linq.XDocument.Parse(xml).ToString();

    private static string Describe(IReadOnlyList<StepFinding> findings) =>
        string.Join(Environment.NewLine, findings.Where(f => f.Severity is FindingSeverity.Warning or FindingSeverity.Error).Select(f => $"{f.Id} {f.Severity} {f.Observed}").Order(StringComparer.Ordinal));

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
}
