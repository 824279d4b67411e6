using System.Globalization;
using VirtSriov.Core.Host;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Labs.Emulated;
using VirtSriov.Core.Preflight;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Testpmd;

namespace VirtSriov.Cli.LabRun;

/// <summary>
/// The lab run, on the host it runs on (the emulated-hardware guest or a real hypervisor): preflight, the PF up, the
/// product's Virtual functions step (create the VFs, set their MAC, trust, spoof checking on the PF, bind them to
/// vfio-pci), the VF settings read back with <c>ip link show</c>, then dpdk-testpmd as
/// an unprivileged user forwarding VF to VF through the NIC's switch. Every phase adds to the result, so a failure
/// still reports how far the run got. One runner per run.
/// </summary>
public sealed class LabRunner(ILabEnvironment lab, TimeProvider time, TextWriter console)
{
    /// <summary>Intel 82576, the NIC QEMU's <c>igb</c> device emulates.</summary>
    public const string Igb82576DeviceId = "10c9";

    private const string VfioDriver = "vfio-pci";
    private static readonly TimeSpan LinkTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly RecordingStepLog log = new(time, console);
    private LabRunResult result = null!;

    public async Task<LabRunResult> RunAsync(LabRunOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        result = new LabRunResult
        {
            Options = options,
            StartedAt = time.GetUtcNow(),
            KernelRelease = TryRead("/proc/sys/kernel/osrelease")?.Trim(),
            Timings = new LabTimings(GuestUptimeAtStart: ReadUptime()),
        };
        try
        {
            await RunPhasesAsync(options, cancellationToken);
        }
        catch (Exception ex) when (ex is ActionableException or IOException or UnauthorizedAccessException)
        {
            var actionable = ex as ActionableException;
            log.Error(ex.Message);
            result = result with { Error = ex.Message, Fix = actionable?.Fix, FailedCall = actionable?.FailedCall };
        }

        return result with
        {
            FinishedAt = time.GetUtcNow(),
            Timings = result.Timings with { Total = Round(log.ElapsedSeconds) },
            Checks = LabChecks.Evaluate(result with { Log = [] }),
            Log = log.Entries,
        };
    }

    private async Task RunPhasesAsync(LabRunOptions options, CancellationToken cancellationToken)
    {
        log.Step = StepKind.Preflight;
        var phase = time.GetTimestamp();
        var report = await new PreflightDoctor(time).ExamineAsync(lab, cancellationToken);
        result = result with { Preflight = report, Timings = result.Timings with { Preflight = Seconds(phase) } };
        foreach (var finding in report.Findings)
        {
            log.Write(finding.Severity == FindingSeverity.Error ? RunLogLevel.Warning : RunLogLevel.Info, $"{finding.Id} {finding.Severity}: {finding.Observed}");
        }

        var pf = FindPf(options.Pf);
        result = result with { Pf = pf };
        log.Step = StepKind.VirtualFunctions;
        await BringPfUpAsync(pf, cancellationToken);

        var context = new StepContext(
            Guid.NewGuid(),
            new RunSettings { PfAddress = pf.Address, VfCount = options.VfCount, Workers = [], TestpmdSeconds = options.TestpmdSeconds, PersistAcrossReboot = false },
            lab,
            log,
            time);
        var step = new VirtualFunctionsStep();
        foreach (var finding in await step.InspectAsync(context, cancellationToken))
        {
            log.Info($"{finding.Id} {finding.Severity}: {finding.Observed}");
        }

        var plan = await step.PlanAsync(context, cancellationToken);
        result = result with { VfPlan = plan };
        log.Info("plan: " + plan.Summary);
        phase = time.GetTimestamp();
        var outcome = await step.ApplyAsync(context, plan, cancellationToken);
        result = result with { VfOutcome = outcome, Timings = result.Timings with { CreateToAllBound = Seconds(phase) } };
        log.Info(string.Create(CultureInfo.InvariantCulture, $"{outcome.Summary} ({result.Timings.CreateToAllBound:0.00} s from sriov_numvfs to all on vfio-pci)"));

        await WaitForLinkAsync(pf, cancellationToken);
        var vfs = await ReadVfsAsync(pf, cancellationToken);
        result = result with { Vfs = vfs };
        if (options.TestpmdSeconds > 0)
        {
            log.Step = StepKind.DpdkTest;
            await RunTestpmdAsync(options, vfs.Take(options.TestpmdVfs).ToList(), cancellationToken);
        }
    }

    private PhysicalFunctionInfo FindPf(string requested)
    {
        var pfs = SriovInventory.ReadPhysicalFunctions(lab.Sysfs).Where(p => p.IsSriovCapable).ToList();
        var pf = requested == LabRunOptions.AutoPf
            ? pfs.Where(p => p.IsIntel).OrderBy(p => p.DeviceId == Igb82576DeviceId ? 0 : 1).FirstOrDefault()
            : SriovInventory.ReadPhysicalFunction(lab.Sysfs, requested);
        return pf ?? throw new ActionableException(
            requested == LabRunOptions.AutoPf ? "No Intel SR-IOV PF on this host." : $"This host has no PCI device {requested}.",
            pfs.Count == 0
                ? "Load the NIC's driver (modprobe igb, i40e or ice); in the emulated lab, check that QEMU got -device igb."
                : $"Pass --pf with one of: {string.Join(", ", pfs.Select(p => p.Address))}.",
            $"ls {SysfsPaths.PciDevices}/*/sriov_totalvfs",
            "--pf");
    }

    /// <summary>The PF must be up before VFs are created: it serves the VF mailbox and clears their reset bit only while open.</summary>
    private async Task BringPfUpAsync(PhysicalFunctionInfo pf, CancellationToken cancellationToken)
    {
        var netdev = pf.Netdev ?? throw new ActionableException(
            $"{pf.Address} has no network interface.",
            $"Bind it to its driver ({pf.Driver ?? "igb, i40e, ice"}) so that it gets one.",
            $"ls {SysfsPaths.PciDevices}/{pf.Address}/net");
        var phase = time.GetTimestamp();
        if (pf.AdminUp != true)
        {
            await RunIpAsync(["link", "set", "dev", netdev, "up"], cancellationToken);
        }

        await WaitForLinkAsync(pf, cancellationToken);
        result = result with { Timings = result.Timings with { PfLinkUp = Seconds(phase) } };
    }

    private async Task WaitForLinkAsync(PhysicalFunctionInfo pf, CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        while (SriovInventory.ReadPhysicalFunction(lab.Sysfs, pf.Address)?.IsLinkUp != true)
        {
            if (time.GetElapsedTime(start) > LinkTimeout)
            {
                throw new ActionableException(
                    $"{pf.Netdev} of {pf.Address} has no link after {LinkTimeout.TotalSeconds:0} s.",
                    "Check the cable or switch port (in the emulated lab: QEMU's -netdev for the igb device) and the kernel log.",
                    $"cat /sys/class/net/{pf.Netdev}/operstate");
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }

    /// <summary>The VFs as the step left them, with the settings <c>ip link show</c> reports for each on the PF; testpmd's peers are these MACs.</summary>
    private async Task<IReadOnlyList<LabVf>> ReadVfsAsync(PhysicalFunctionInfo pf, CancellationToken cancellationToken)
    {
        log.Command("ip", ["link", "show", "dev", pf.Netdev!]);
        var show = await lab.Processes.RunAsync("ip", ["link", "show", "dev", pf.Netdev!], cancellationToken);
        var links = show.Succeeded ? IpLinkVfParser.Parse(show.StandardOutput) : [];
        foreach (var line in show.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            log.Write(RunLogLevel.Output, line);
        }

        return SriovInventory.ReadVirtualFunctions(lab.Sysfs, pf.Address)
            .Select(vf => (Vf: vf, Link: links.FirstOrDefault(l => l.Index == vf.Index)))
            .Select(v => new LabVf(v.Vf.Index, v.Vf.Address, v.Vf.DeviceId, v.Vf.Driver, v.Vf.IommuGroup, v.Link?.Mac, v.Link?.Trust, v.Link?.SpoofCheck, v.Link?.Vlan ?? 0))
            .ToList();
    }

    private async Task RunTestpmdAsync(LabRunOptions options, IReadOnlyList<LabVf> vfs, CancellationToken cancellationToken)
    {
        var testpmd = new NonRootTestpmd(lab.Processes, time, log);
        var groups = vfs.Select(vf => vf.IommuGroup ?? throw new ActionableException(
            $"VF {vf.Address} has no IOMMU group.",
            "Enable the IOMMU (intel_iommu=on iommu=pt) and reboot.",
            $"readlink {SysfsPaths.PciDevices}/{vf.Address}/iommu_group"));
        var runtimeDirectory = await testpmd.PrepareAsync(options.TestpmdUid, groups.ToList(), cancellationToken);
        var arguments = NonRootTestpmd.Arguments(options.TestpmdUid, runtimeDirectory, vfs);
        var outputStart = log.Entries.Count;
        var summary = await TestpmdLogReader.ReadAsync(
            testpmd.RunAsync(arguments, TimeSpan.FromSeconds(options.TestpmdSeconds), cancellationToken), log, NonRootTestpmd.ReadOptions(), cancellationToken);
        log.Info(TestpmdResultText.Describe(summary));
        var output = log.Entries.Skip(outputStart).Where(e => e.Level == RunLogLevel.Output).Select(e => e.Text).ToList();
        result = result with
        {
            Testpmd = new LabTestpmdResult(["prlimit", .. arguments], testpmd.ObservedUid, IovaMode(output), summary, log.Samples, testpmd.ExitCode, output),
            Timings = result.Timings with { TestpmdStartup = testpmd.Startup is { } startup ? Round(startup.TotalSeconds) : null },
        };
        foreach (var failure in summary.Failures)
        {
            log.Error($"testpmd: {failure.Explanation} Fix: {failure.Fix}");
        }
    }

    /// <summary>The EAL says <c>EAL: Selected IOVA mode 'VA'</c>.</summary>
    private static string? IovaMode(IReadOnlyList<string> output)
    {
        const string marker = "Selected IOVA mode '";
        var line = output.FirstOrDefault(l => l.Contains(marker, StringComparison.Ordinal));
        return line?[(line.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].TrimEnd('\'', ' ');
    }

    private async Task RunIpAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        log.Command("ip", arguments);
        var run = await lab.Processes.RunAsync("ip", arguments, cancellationToken);
        if (!run.Succeeded)
        {
            throw new ActionableException(
                $"ip {string.Join(' ', arguments)} failed ({run.ExitCode}): {run.StandardError.Trim()}",
                "Run lab-run as root on the host that owns the PF.",
                "ip " + string.Join(' ', arguments));
        }
    }

    private string? TryRead(string path) => lab.Sysfs.Exists(path) ? lab.Sysfs.ReadText(path) : null;

    private double? ReadUptime() =>
        TryRead("/proc/uptime")?.Split(' ')[0] is { } uptime && double.TryParse(uptime, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;

    private double Seconds(long since) => Round(time.GetElapsedTime(since).TotalSeconds);

    private static double Round(double seconds) => Math.Round(seconds, 3);
}
