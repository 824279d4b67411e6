using System.Diagnostics;
using System.Globalization;
using VirtSriov.Core.Host;
using VirtSriov.Core.Host.Remote;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Labs.Emulated;
using VirtSriov.Core.Preflight;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Testpmd;
using VirtSriov.TestDoubles;

namespace VirtSriov.Benchmarks;

/// <summary>
/// The emulated lab as a remote hypervisor, per stage in seconds: boot to SSH and libvirtd ready, Preflight over SSH, and
/// the Virtual functions step over SSH (create, MAC, bind) against a hand-written shell script doing the same work over
/// the same SSH connection in the same boot, alternated <c>rounds</c> times; prints the ratio (goal ≤ 1.2×).
/// </summary>
internal static class RemoteLabBench
{
    private const double Goal = 1.2;

    /// <summary>
    /// What the VF step does, by hand: PF up, autoprobe off, count (0 first), each VF's MAC/spoofchk/trust, vfio-pci, and
    /// the step's end state: a PF that had its link before has it again (the link drops while the PF resets for the count).
    /// </summary>
    private const string HandWritten = """
        set -e
        pf=/sys/bus/pci/devices/$1; n=$2; netdev=$(ls "$pf/net")
        had=$(cat "/sys/class/net/$netdev/operstate")
        ip link set "$netdev" up
        echo 0 > "$pf/sriov_drivers_autoprobe"
        [ "$(cat "$pf/sriov_numvfs")" = 0 ] || echo 0 > "$pf/sriov_numvfs"
        echo "$n" > "$pf/sriov_numvfs"
        for i in $(seq 0 $((n - 1))); do
          while [ ! -e "$pf/virtfn$i" ]; do sleep 0.1; done
          ip link set dev "$netdev" vf "$i" mac "02:76:73:00:20:0$i" spoofchk off trust on
        done
        for i in $(seq 0 $((n - 1))); do
          vf=$(basename "$(readlink "$pf/virtfn$i")")
          echo vfio-pci > "/sys/bus/pci/devices/$vf/driver_override"
          echo "$vf" > /sys/bus/pci/drivers_probe
        done
        if [ "$had" = up ]; then
          while [ "$(cat "/sys/class/net/$netdev/operstate")" != up ]; do sleep 0.1; done
        fi
        """;

    private const string HandWrittenTeardown = """
        pf=/sys/bus/pci/devices/$1
        echo 0 > "$pf/sriov_numvfs"
        """;

    public static async Task RunAsync(int vfCount, int rounds)
    {
        var scripts = FindScripts();
        var data = Directory.CreateTempSubdirectory("virtsriov-remote-bench-").FullName;
        var time = TimeProvider.System;
        var keys = new SshKeyStore(data, new ProcessRunner());
        using var guest = new EmulatedHypervisor(scripts, "/var/cache/virtsriov-lab", Path.Combine(data, "emulated-hypervisor"), keys, time);
        var lab = new LabDefinition(Guid.NewGuid(), EmulatedHypervisor.LabName, LabKind.Host, "/", guest.LibvirtUri, false, time.GetUtcNow());
        var factory = new LabEnvironmentFactory(new InMemoryLabStore(), new ProcessRunner(), new LocalTestpmd(time, "/usr/bin/dpdk-testpmd"), keys, time);
        try
        {
            var clock = Stopwatch.StartNew();
            await guest.StartAsync(EmulatedHypervisor.BootTimeout, CancellationToken.None);
            Print("lab boot to SSH and libvirtd ready", clock.Elapsed);
            await using var environment = await factory.CreateAsync(lab, CancellationToken.None);
            var pf = SriovInventory.ReadPhysicalFunctions(environment.Sysfs).Single(p => p.IsIntel && p.IsSriovCapable);
            var settings = new RunSettings { PfAddress = pf.Address, VfCount = vfCount, Workers = [], PersistAcrossReboot = false };

            clock.Restart();
            await new PreflightDoctor(time).ExamineAsync(environment, settings, CancellationToken.None);
            Print("Preflight over SSH", clock.Elapsed);

            var product = new List<double>();
            var script = new List<double>();
            // Round 0 warms up and is not counted: the product's first Apply brings the PF up (the kernel opens it, about
            // 0.7 s here) and nothing sets it down again, so only from round 1 on do both start from the same state.
            for (var round = 0; round <= rounds; round++)
            {
                var label = round == 0 ? "round 0 (warm-up)" : $"round {round}";
                clock.Restart();
                var context = new StepContext(Guid.NewGuid(), settings, environment, new TimedStepLog(clock), time);
                var step = new VirtualFunctionsStep();
                var plan = await step.PlanAsync(context, CancellationToken.None);
                var planned = clock.Elapsed;
                await step.ApplyAsync(context, plan, CancellationToken.None);
                if (round > 0)
                {
                    product.Add(clock.Elapsed.TotalSeconds);
                }

                Print($"{label}: Virtual functions step over SSH ({vfCount} VFs created, MACs, bound; plan {planned.TotalSeconds:0.0} s of it)", clock.Elapsed);
                await step.TeardownAsync(context, CancellationToken.None);

                clock.Restart();
                var result = await environment.Processes.RunAsync("bash", ["-c", HandWritten, "bench", pf.Address, vfCount.ToString(CultureInfo.InvariantCulture)], CancellationToken.None);
                if (round > 0)
                {
                    script.Add(clock.Elapsed.TotalSeconds);
                }

                Print($"{label}: hand-written script over the same SSH connection{(result.Succeeded ? "" : $" (FAILED: {result.StandardError.Trim()})")}", clock.Elapsed);
                await environment.Processes.RunAsync("bash", ["-c", HandWrittenTeardown, "bench", pf.Address], CancellationToken.None);
            }

            var ratio = product.Sum() / script.Sum();
            Console.WriteLine($"remote lab: product {product.Average():0.0} s vs script {script.Average():0.0} s on average: ratio {ratio:0.00}x (goal <= {Goal:0.0}x: {(ratio <= Goal ? "met" : "NOT met")})");
        }
        finally
        {
            await guest.StopAsync(CancellationToken.None);
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>Where the product's time goes: each command line of the step with the seconds since the step began.</summary>
    private sealed class TimedStepLog(Stopwatch clock) : IStepLog
    {
        public void Write(RunLogLevel level, string text)
        {
            if (level is RunLogLevel.Command or RunLogLevel.Warning or RunLogLevel.Error)
            {
                Console.WriteLine($"remote lab:   +{clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s {level} {text}");
            }
        }

        public void Throughput(ThroughputSample sample)
        {
        }

        public void Rollout(IReadOnlyList<VirtSriov.Core.Cluster.NodeRolloutRow> nodes)
        {
        }
    }

    private static void Print(string stage, TimeSpan took) =>
        Console.WriteLine($"remote lab: {stage}: {took.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");

    private static string FindScripts()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var scripts = Path.Combine(dir.FullName, "scripts", "emulated-lab");
            if (File.Exists(Path.Combine(scripts, "hypervisor.sh")))
            {
                return scripts;
            }
        }

        throw new InvalidOperationException($"scripts/emulated-lab not found above {AppContext.BaseDirectory}");
    }
}
