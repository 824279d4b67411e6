using System.Diagnostics;
using System.Security;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Libvirt.Agent;
using VirtSriov.Core.Testpmd;
using VirtSriov.Lab.Tests.TestSupport;

namespace VirtSriov.Lab.Tests.EmulatedLab;

/// <summary>
/// The worker initramfs and the guest agent path without nesting: this machine's libvirtd starts a TCG worker domain
/// (the lab kernel, worker-initrd.cpio, the org.qemu.guest_agent.0 channel), the product's binding reaches qemu-ga through
/// libvirt-qemu.so.0, and dpdk-testpmd runs in the worker as nobody with IOVA as VA on a DPDK null device (simulated
/// traffic: no VF here), its statistics read through guest-file-read. The VF path runs in the whole-chain lab test.
/// </summary>
public sealed class WorkerAgentLabTests : IDisposable
{
    private static readonly TimeSpan AgentTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan CallTimeout = TimeSpan.FromMinutes(2);
    private const int TestpmdSeconds = 8;

    private readonly string _folder = Directory.CreateTempSubdirectory("virtsriov-worker-agent-").FullName;

    [Fact]
    public async Task WorkerInitramfs_LocalTcgDomain_AgentRunsTestpmdAsNobodyWithIovaVa()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var output = TestContext.Current.TestOutputHelper!;
        var notReady = await EmulatedLabHost.PrepareAsync(cancellationToken).WaitAsync(TimeSpan.FromMinutes(10), cancellationToken);
        var initrd = Path.Combine(EmulatedLabHost.CacheDirectory, "worker-initrd.cpio");
        notReady ??= File.Exists(initrd) ? null : $"{initrd} is missing: run sudo bash scripts/emulated-lab/prepare.sh";
        notReady ??= await LocalLibvirt.EnsureRunningAsync(cancellationToken).WaitAsync(CallTimeout, cancellationToken);
        Assert.False(notReady is not null && Environment.GetEnvironmentVariable("CI") == "true", $"CI=true, and the worker VM cannot run: {notReady}");
        Assert.SkipWhen(notReady is not null, $"SKIPPED: THE WORKER VM CANNOT RUN HERE: {notReady}");

        var time = TimeProvider.System;
        var name = "virtsriov-agent-test-" + Guid.NewGuid().ToString("N")[..8];
        using var hypervisor = LibvirtHypervisor.Open(LocalLibvirt.Uri, time);
        var log = new VirtSriov.Cli.LabRun.RecordingStepLog(time, TextWriter.Null);
        await hypervisor.DefineDomainAsync(DomainXml(name, initrd, Path.Combine(_folder, "console.log")), cancellationToken).WaitAsync(CallTimeout, cancellationToken);
        try
        {
            var clock = Stopwatch.StartNew();
            await hypervisor.StartAsync(name, cancellationToken).WaitAsync(CallTimeout, cancellationToken);
            var agent = new GuestAgent(hypervisor, name, time);
            await agent.WaitUntilConnectedAsync(AgentTimeout, cancellationToken).WaitAsync(AgentTimeout + CallTimeout, cancellationToken);
            output.WriteLine($"figure: worker domain start to guest agent ready (TCG, not nested) {clock.Elapsed.TotalSeconds:0.0} s");

            clock.Restart();
            var prefix = TestpmdFilePrefix.Unowned();
            var run = await new WorkerTestpmd(agent, time)
                .RunAsync(TestpmdCommandLine.ForWorker(prefix, nullDevice: true, "02:00:00:00:00:00", vcpus: 1, packetBytes: 64), TestpmdSeconds, prefix, log, new TestpmdReadOptions(SimulatedDevices: true, 64, Guid.NewGuid()), cancellationToken)
                .WaitAsync(CallTimeout + TimeSpan.FromSeconds(TestpmdSeconds), cancellationToken);
            output.WriteLine($"figure: testpmd in the worker, guest-exec to final statistics {clock.Elapsed.TotalSeconds:0.0} s ({TestpmdSeconds} s of forwarding)");

            Assert.Equal(WorkerTestpmd.UnprivilegedUid, run.Uid);
            Assert.Contains(log.Entries, e => e.Text.Contains("Selected IOVA mode 'VA'", StringComparison.Ordinal));
            Assert.True(run.Summary.Finished, "testpmd printed no final statistics");
            Assert.Empty(run.Summary.Failures);
            Assert.True(run.Summary.Sent > 0 && run.Summary.Received > 0, $"sent {run.Summary.Sent}, received {run.Summary.Received}");
            Assert.NotEmpty(log.Samples);
        }
        finally
        {
            try
            {
                await hypervisor.ShutdownAsync(name, TimeSpan.Zero, destroyAfterTimeout: true, CancellationToken.None).WaitAsync(CallTimeout, CancellationToken.None);
            }
            finally
            {
                // A domain left defined here is one more domain for every later lab guest, which sees this host's
                // libvirt definitions: the whole chain's Worker VMs step tried to patch one. The shutdown can fail
                // when the guest powers itself off between the shutdown request and libvirt's destroy.
                await hypervisor.UndefineAsync(name, removeNvram: false, CancellationToken.None).WaitAsync(CallTimeout, CancellationToken.None);
            }
            PrintStartFigures(output, log.Entries, Path.Combine(_folder, "console.log"));
            foreach (var entry in log.Entries)
            {
                output.WriteLine($"[{entry.AtSeconds,8:0.0}s] {entry.Level} {entry.Text}");
            }
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>
    /// Where the worker's start goes: its boot marks (guest uptime, from the serial console) and testpmd's first EAL line
    /// and first statistics after guest-exec (the host's clock, to the agent's 1 s poll).
    /// </summary>
    private static void PrintStartFigures(ITestOutputHelper output, IReadOnlyList<VirtSriov.Core.Labs.Emulated.LabLogEntry> entries, string console)
    {
        if (File.Exists(console))
        {
            foreach (var mark in File.ReadLines(console).Where(l => l.StartsWith("virtsriov-worker:", StringComparison.Ordinal)))
            {
                output.WriteLine($"figure: {mark}");
            }
        }

        var exec = entries.FirstOrDefault(e => e.Text.StartsWith("guest-exec in", StringComparison.Ordinal));
        if (exec is null)
        {
            return;
        }

        var firstEal = entries.FirstOrDefault(e => e.Text.Contains("EAL: Detected CPU lcores", StringComparison.Ordinal));
        var firstSample = entries.FirstOrDefault(e => e.Sample is not null);
        output.WriteLine($"figure: testpmd guest-exec to first EAL line {(firstEal is null ? "none" : $"{firstEal.AtSeconds - exec.AtSeconds:0.0} s")}, to first statistics {(firstSample is null ? "none" : $"{firstSample.AtSeconds - exec.AtSeconds:0.0} s")}");
    }

    /// <summary>
    /// A small TCG worker booted straight into the worker initramfs: the CPU model "maximum" (testpmd needs SSE4.2 and up,
    /// the default qemu64 makes it die of SIGILL), ACPI (QEMU 10 has no -no-acpi), the agent's virtio-serial channel.
    /// </summary>
    private static string DomainXml(string name, string initrd, string console) => $"""
        <domain type='qemu'>
          <name>{SecurityElement.Escape(name)}</name>
          <memory unit='MiB'>512</memory>
          <vcpu>1</vcpu>
          <cpu mode='maximum'/>
          <os>
            <type arch='x86_64' machine='q35'>hvm</type>
            <kernel>{SecurityElement.Escape(Path.Combine(EmulatedLabHost.CacheDirectory, "vmlinuz"))}</kernel>
            <initrd>{SecurityElement.Escape(initrd)}</initrd>
            <cmdline>console=ttyS0 quiet loglevel=3 no_timer_check panic=-1</cmdline>
          </os>
          <features><acpi/></features>
          <on_reboot>destroy</on_reboot>
          <devices>
            <serial type='file'><source path='{SecurityElement.Escape(console)}'/><target port='0'/></serial>
            <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>
            <memballoon model='none'/>
          </devices>
        </domain>
        """;
}
