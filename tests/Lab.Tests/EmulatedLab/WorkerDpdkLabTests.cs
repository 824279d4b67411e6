using System.Diagnostics;
using System.Security;
using VirtSriov.Core.Host;
using VirtSriov.Core.Host.Remote;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Labs.Emulated;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Libvirt.Agent;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Testpmd;
using VirtSriov.Lab.Tests.TestSupport;
using VirtSriov.TestDoubles;

namespace VirtSriov.Lab.Tests.EmulatedLab;

/// <summary>
/// The VM-level DPDK test on emulated hardware, nested: the emulated lab boots as a remote hypervisor, the Virtual
/// functions step creates 2 VFs over SSH, a worker domain (plain libvirt XML: q35, Intel vIOMMU, VF0 as a managed
/// hostdev, the worker initramfs, the guest agent channel) is defined and started over qemu+ssh, and the product's
/// WorkerDpdkTestStep runs testpmd in the worker as nobody through the guest agent against VF1 in the lab guest.
/// The Worker VMs step's own patching is the whole-chain test's; this one proves the step and the worker userland.
/// Nested emulation (TCG inside TCG) has not yet booted the worker to its agent on this machine kind: the test is in the
/// opt-in WholeChain category (VIRTSRIOV_WHOLE_CHAIN=1 for scripts/test.sh).
/// </summary>
[Trait("Category", "WholeChain")]
public sealed class WorkerDpdkLabTests : IDisposable
{
    private const string Worker = "virtsriov-vmtest-worker";

    /// <summary>The worker's serial console, in the lab guest (its /run is a tmpfs), read over SSH when the test fails.</summary>
    private const string WorkerConsole = "/run/virtsriov-vmtest-worker-console.log";
    private static readonly TimeSpan NestedBootTimeout = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(25);
    private static readonly TimeSpan CallTimeout = TimeSpan.FromMinutes(3);

    private readonly string _data = Directory.CreateTempSubdirectory("virtsriov-worker-dpdk-lab-").FullName;

    [Fact]
    public async Task NestedWorker_VfPassedThrough_TestpmdInTheWorkerForwardsBothWaysWithTheLabsOtherVf()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var output = TestContext.Current.TestOutputHelper!;
        var notReady = await EmulatedLabHost.PrepareAsync(cancellationToken).WaitAsync(TimeSpan.FromMinutes(10), cancellationToken);
        var initrd = Path.Combine(EmulatedLabHost.CacheDirectory, "worker-initrd.gz");
        notReady ??= File.Exists(initrd) ? null : $"{initrd} is missing: run sudo bash scripts/emulated-lab/prepare.sh";
        Assert.False(notReady is not null && Environment.GetEnvironmentVariable("CI") == "true", $"CI=true, and the emulated lab cannot run: {notReady}");
        Assert.SkipWhen(notReady is not null, $"SKIPPED: THE EMULATED SR-IOV LAB CANNOT RUN HERE: {notReady}");
        var time = TimeProvider.System;
        var keys = new SshKeyStore(_data, new ProcessRunner());
        using var guest = new EmulatedHypervisor(EmulatedLabHost.ScriptsDirectory, EmulatedLabHost.CacheDirectory, Path.Combine(_data, "emulated-hypervisor"), keys, time);
        var lab = new LabDefinition(Guid.NewGuid(), EmulatedHypervisor.LabName, LabKind.Host, "/", guest.LibvirtUri, false, time.GetUtcNow());
        var factory = new LabEnvironmentFactory(new InMemoryLabStore(), new ProcessRunner(), new LocalTestpmd(time, "/usr/bin/dpdk-testpmd"), keys, time);
        var log = new VirtSriov.Cli.LabRun.RecordingStepLog(time, TextWriter.Null);

        try
        {
            var clock = Stopwatch.StartNew();
            await guest.StartAsync(BootTimeout, cancellationToken).WaitAsync(BootTimeout + TimeSpan.FromMinutes(1), cancellationToken);
            output.WriteLine($"figure: lab boot to SSH and libvirtd ready {clock.Elapsed.TotalSeconds:0.0} s");

            await using var environment = await factory.CreateAsync(lab, cancellationToken).WaitAsync(CallTimeout, cancellationToken);
            var pf = SriovInventory.ReadPhysicalFunctions(environment.Sysfs).Single(p => p.IsIntel && p.IsSriovCapable);
            var settings = new RunSettings { PfAddress = pf.Address, VfCount = 2, Workers = [Worker], PersistAcrossReboot = false, TestpmdSeconds = 15 };
            var context = new StepContext(Guid.NewGuid(), settings, environment, log, time);
            var vfStep = new VirtualFunctionsStep();
            clock.Restart();
            await vfStep.ApplyAsync(context, await vfStep.PlanAsync(context, cancellationToken).WaitAsync(CallTimeout, cancellationToken), cancellationToken).WaitAsync(CallTimeout, cancellationToken);
            var vfs = SriovInventory.ReadVirtualFunctions(environment.Sysfs, pf.Address);
            output.WriteLine($"figure: 2 VFs on vfio-pci with MACs {clock.Elapsed.TotalSeconds:0.0} s");

            clock.Restart();
            await environment.Hypervisor.DefineDomainAsync(WorkerXml(vfs[0].Address, initrd), cancellationToken).WaitAsync(CallTimeout, cancellationToken);
            await environment.Hypervisor.StartAsync(Worker, cancellationToken).WaitAsync(CallTimeout, cancellationToken);
            output.WriteLine($"figure: worker defined and started over qemu+ssh {clock.Elapsed.TotalSeconds:0.0} s");
            try
            {
                clock.Restart();
                await new GuestAgent((LibvirtHypervisor)environment.Hypervisor, Worker, time).WaitUntilConnectedAsync(NestedBootTimeout, cancellationToken).WaitAsync(NestedBootTimeout + CallTimeout, cancellationToken);
                output.WriteLine($"figure: nested worker start to guest agent ready {clock.Elapsed.TotalSeconds:0.0} s");
                var step = new WorkerDpdkTestStep();
                var plan = await step.PlanAsync(context, cancellationToken).WaitAsync(CallTimeout, cancellationToken);
                clock.Restart();
                var outcome = await step.ApplyAsync(context, plan, cancellationToken).WaitAsync(StepTimeout, cancellationToken);
                output.WriteLine($"figure: worker agent wait + peer start + testpmd in the worker {clock.Elapsed.TotalSeconds:0.0} s");
                output.WriteLine("outcome: " + outcome.Summary);
                var peaks = log.Samples.GroupBy(s => s.Port).Select(g => $"port {g.Key}: peak Tx {g.Max(s => s.TxPps):N0} pps, peak Rx {g.Max(s => s.RxPps):N0} pps");
                output.WriteLine("figure: worker VF " + string.Join("; ", peaks));

                Assert.Contains($"uid {WorkerTestpmd.UnprivilegedUid} with IOVA as VA", outcome.Summary, StringComparison.Ordinal);
                Assert.Contains(log.Entries, e => e.Text.Contains("Selected IOVA mode 'VA'", StringComparison.Ordinal) && !e.Text.StartsWith("peer: ", StringComparison.Ordinal));
                Assert.All(log.Samples, s => Assert.Equal(0, s.Port));
                Assert.Contains(log.Samples, s => s.RxPackets > 0 && s.TxPackets > 0);
            }
            catch (Exception)
            {
                var console = await environment.Processes.RunAsync("tail", ["-c", "6000", WorkerConsole], CancellationToken.None).WaitAsync(CallTimeout, CancellationToken.None);
                output.WriteLine($"worker console ({WorkerConsole}, last 6000 bytes):\n{console.StandardOutput}{console.StandardError}");
                throw;
            }
            finally
            {
                await environment.Hypervisor.ShutdownAsync(Worker, TimeSpan.Zero, destroyAfterTimeout: true, CancellationToken.None).WaitAsync(CallTimeout, CancellationToken.None);
                await ((LibvirtHypervisor)environment.Hypervisor).UndefineAsync(Worker, removeNvram: false, CancellationToken.None).WaitAsync(CallTimeout, CancellationToken.None);
                await vfStep.TeardownAsync(context, CancellationToken.None).WaitAsync(CallTimeout, CancellationToken.None);
            }
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

    /// <summary>
    /// A nested TCG worker as in emulated-lab.md: q35 with the Intel vIOMMU (intremap, caching_mode), the split
    /// IO-APIC, RAM below the low-memory split and no 64-bit PCI hole (the packaged QEMU's VF BAR bug), the VF as a
    /// managed hostdev, memtune for the pinned RAM, direct boot of the lab kernel with the worker initramfs (the lab
    /// guest reads both from this host's root over 9p), and the guest agent's channel.
    /// </summary>
    private static string WorkerXml(string vf, string initrd)
    {
        var parts = vf.Split(':', '.');
        return $"""
            <domain type='qemu' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
              <name>{Worker}</name>
              <memory unit='MiB'>512</memory>
              <memtune><hard_limit unit='MiB'>1536</hard_limit></memtune>
              <vcpu>1</vcpu>
              <cpu mode='maximum'/>
              <os>
                <type arch='x86_64' machine='q35'>hvm</type>
                <kernel>{SecurityElement.Escape(Path.Combine(EmulatedLabHost.CacheDirectory, "vmlinuz"))}</kernel>
                <initrd>{SecurityElement.Escape(initrd)}</initrd>
                <cmdline>console=ttyS0 intel_iommu=on iommu=pt quiet loglevel=3 no_timer_check panic=-1 virtsriov.hugepages=64</cmdline>
              </os>
              <features><acpi/><ioapic driver='qemu'/></features>
              <on_reboot>destroy</on_reboot>
              <devices>
                <serial type='file'><source path='{WorkerConsole}'/><target port='0'/></serial>
                <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>
                <hostdev mode='subsystem' type='pci' managed='yes'>
                  <driver name='vfio'/>
                  <source><address domain='0x{parts[0]}' bus='0x{parts[1]}' slot='0x{parts[2]}' function='0x{parts[3]}'/></source>
                </hostdev>
                <iommu model='intel'><driver intremap='on' caching_mode='on'/></iommu>
                <memballoon model='none'/>
              </devices>
              <qemu:commandline>
                <qemu:arg value='-global'/>
                <qemu:arg value='q35-pcihost.pci-hole64-size=0'/>
              </qemu:commandline>
            </domain>
            """;
    }
}
