using System.Globalization;
using System.Runtime.CompilerServices;
using System.Xml.Linq;
using VirtSriov.Core.Cluster;
using VirtSriov.Core.Host;
using VirtSriov.Core.Libvirt.Agent;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Testpmd;

namespace VirtSriov.Core.Libvirt;

/// <summary>
/// The DPDK test of the "Hypervisor only" profile: dpdk-testpmd runs inside the worker VM as nobody with
/// <c>--iova-mode=va</c> on the VF the Worker VMs step passed through, reached through the QEMU guest agent over
/// libvirt (the worker needs no network, and it works wherever the product's libvirt connection reaches, qemu+ssh
/// included). Its peer is another VF of the same PF on the hypervisor, run over the lab's own transport in mac
/// forwarding back to the worker's VF; the worker starts with a first burst to the peer's MAC, so packets count in
/// both directions. The worker's statistics stream into the run's chart; the peer's lines go to the log only.
/// </summary>
public sealed class WorkerDpdkTestStep : IProfileStep
{
    public RunProfile Profile => RunProfile.HypervisorOnly;

    public const int PacketBytes = 64;

    /// <summary>A worker the Worker VMs step just started may still boot: nested under TCG that takes 2–5 minutes (emulated-lab.md).</summary>
    private static readonly TimeSpan AgentTimeout = TimeSpan.FromMinutes(10);

    /// <summary>testpmd's start in a nested TCG worker takes minutes; the peer waits for it.</summary>
    private static readonly TimeSpan StartMargin = TimeSpan.FromMinutes(10);

    public StepKind Kind => StepKind.DpdkTest;

    public string Title => Kind.DisplayName();

    public string? Limitations => "Tests the first worker with a VF, on one VF (one testpmd port).";

    public async Task<IReadOnlyList<StepFinding>> InspectAsync(StepContext context, CancellationToken cancellationToken)
    {
        var findings = new List<StepFinding>();
        foreach (var worker in context.Settings.Workers)
        {
            var running = await context.Lab.Hypervisor.IsRunningAsync(worker, cancellationToken).ConfigureAwait(false);
            var vfs = running ? DomainHostdevs.PciAddresses(await context.Lab.Hypervisor.GetDomainXmlAsync(worker, inactive: false, cancellationToken).ConfigureAwait(false)) : [];
            findings.Add(running && vfs.Count > 0
                ? new StepFinding($"vmdpdk.worker.{worker}", FindingSeverity.Ok, $"{worker}: VF", $"running with {string.Join(", ", vfs)}")
                : new StepFinding(
                    $"vmdpdk.worker.{worker}",
                    FindingSeverity.Warning,
                    $"{worker}: VF",
                    running ? "running without a VF" : "not running",
                    "testpmd runs inside the worker on a VF passed through to it.",
                    "Apply the Worker VMs step."));
        }

        return findings;
    }

    public async Task<StepPlan> PlanAsync(StepContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var hypervisor = context.Lab.Hypervisor;
        var assigned = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        XElement? chosen = null;
        string? worker = null;
        foreach (var name in settings.Workers)
        {
            var xml = XDocument.Parse(await hypervisor.GetDomainXmlAsync(name, inactive: false, cancellationToken).ConfigureAwait(false)).Root!;
            assigned[name] = DomainHostdevs.Pci(xml.Element("devices")).Select(h => h.Address.ToString()).ToList();
            if (worker is null && assigned[name].Count > 0)
            {
                (worker, chosen) = (name, xml);
            }
        }

        if (worker is null || chosen is null)
        {
            throw new ActionableException(
                $"No worker has a VF passed through ({string.Join(", ", settings.Workers)}): testpmd in the worker needs one.",
                "Apply the Worker VMs step first.",
                $"virDomainGetXMLDesc on {hypervisor.Uri}",
                nameof(RunSettings.Workers));
        }

        var vfs = SriovInventory.ReadVirtualFunctions(context.Lab.Sysfs, settings.PfAddress);
        var workerVf = assigned[worker][0];
        var taken = assigned.Values.SelectMany(a => a).ToHashSet(StringComparer.Ordinal);
        var peer = vfs.FirstOrDefault(vf => !taken.Contains(vf.Address) && vf.Driver == "vfio-pci")
            ?? throw new ActionableException(
                $"No free VF of {settings.PfAddress} is bound to vfio-pci on the hypervisor to be the worker's peer (VFs: {string.Join(", ", vfs.Select(v => $"{v.Address} {v.Driver ?? "no driver"}"))}).",
                "Create one VF more than the workers use (VfCount) and apply the Virtual functions step.",
                $"/sys/bus/pci/devices/{settings.PfAddress}/virtfn*",
                nameof(RunSettings.VfCount));
        var macs = await ReadMacsAsync(context, vfs, cancellationToken).ConfigureAwait(false);
        var vcpus = int.TryParse((string?)chosen.Element("vcpu"), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 1;
        var details = new WorkerDpdkTestPlanDetails(worker, workerVf, Mac(macs, workerVf), peer.Address, Mac(macs, peer.Address), vcpus);
        return StepPlan.Create(
            Kind,
            string.Create(
                CultureInfo.InvariantCulture,
                $"Run dpdk-testpmd for {settings.TestpmdSeconds} s inside worker {worker} as nobody with IOVA as VA, through its QEMU guest agent, on VF {workerVf} ({details.WorkerMac}); the peer is VF {peer.Address} ({details.PeerMac}) on the hypervisor in mac forwarding back, so both directions count. {PacketBytes}-byte packets."),
            details,
            [
                new PlannedChange($"{worker}: dpdk-testpmd", $"guest-exec as uid {WorkerTestpmd.UnprivilegedUid}, stopped after {settings.TestpmdSeconds} s"),
                new PlannedChange($"{peer.Address}: dpdk-testpmd", "on the hypervisor, mac forwarding to the worker's VF, stopped when the worker's test ends"),
            ]);
    }

    public async Task<StepOutcome> ApplyAsync(StepContext context, StepPlan plan, CancellationToken cancellationToken)
    {
        var details = plan.DetailsAs<WorkerDpdkTestPlanDetails>();
        var channel = context.Lab.Hypervisor.GuestAgents
            ?? throw new ActionableException(
                $"The lab's hypervisor ({context.Lab.Hypervisor.Uri}) cannot reach guest agents: it is not a libvirt connection.",
                "Run the Hypervisor only profile on a lab with a real libvirt URI (qemu:///system or qemu+ssh://…).",
                "virDomainQemuAgentCommand");
        var agent = new GuestAgent(channel, details.Worker, context.Time);
        // The peer starts only once the worker answers: its forwarding lcore busy-polls, and started during the worker's
        // boot it took the CPU that boot needs (nested boot 230 s alone, 449 s beside the peer in the emulated lab).
        context.Log.Info($"Waiting for the guest agent of {details.Worker}.");
        await agent.WaitUntilConnectedAsync(AgentTimeout, cancellationToken).ConfigureAwait(false);

        var prefix = TestpmdFilePrefix.ForRun(context.RunId);
        var seconds = context.Settings.TestpmdSeconds;
        using var peerCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var peerForwarding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var peerArguments = PeerArguments(details, prefix, (int)(TimeSpan.FromSeconds(seconds) + StartMargin + AgentTimeout).TotalSeconds);
        context.Log.Write(RunLogLevel.Command, "timeout " + string.Join(' ', peerArguments));
        var peer = TestpmdLogReader.ReadAsync(
            SignalForwarding(context.Lab.Processes.StreamLinesAsync("timeout", peerArguments, null, peerCancel.Token), peerForwarding, peerCancel.Token),
            new PeerLog(context.Log),
            new TestpmdReadOptions(false, PacketBytes, Guid.NewGuid()),
            peerCancel.Token);
        try
        {
            await Task.WhenAny(peerForwarding.Task, peer).WaitAsync(StartMargin, context.Time, cancellationToken).ConfigureAwait(false);
            if (!peerForwarding.Task.IsCompleted)
            {
                var early = await peer.ConfigureAwait(false);
                throw new ActionableException(
                    $"The peer testpmd on VF {details.PeerVf} ended before it forwarded{(early.Failures.Count > 0 ? $": {early.Failures[0].Explanation}" : "")}.",
                    early.Failures.Count > 0 ? early.Failures[0].Fix : "Read its output above (lines marked peer:): hugepages and vfio-pci on the hypervisor.",
                    $"dpdk-testpmd -a {details.PeerVf} on the hypervisor");
            }

            var worker = await new WorkerTestpmd(agent, context.Time).RunAsync(
                TestpmdCommandLine.ForWorker(prefix, nullDevice: false, details.PeerMac, details.Vcpus, PacketBytes),
                seconds,
                prefix,
                context.Log,
                new TestpmdReadOptions(false, PacketBytes, Guid.NewGuid()),
                cancellationToken).ConfigureAwait(false);
            await StopPeerAsync(context, prefix, cancellationToken).ConfigureAwait(false);
            var peerSummary = await peer.WaitAsync(StartMargin, context.Time, cancellationToken).ConfigureAwait(false);
            return Outcome(details, worker, peerSummary);
        }
        finally
        {
            if (!peer.IsCompleted)
            {
                await StopPeerQuietlyAsync(context, prefix).ConfigureAwait(false);
                await peerCancel.CancelAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The worker's test failed or was cancelled: the peer must not keep its VF busy until its own timeout.</summary>
    private static async Task StopPeerQuietlyAsync(StepContext context, string prefix)
    {
        try
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(1), context.Time);
            await StopPeerAsync(context, prefix, bound.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ActionableException or OperationCanceledException or Processes.ProgramNotFoundException)
        {
            context.Log.Write(RunLogLevel.Warning, $"Could not stop the peer testpmd ({e.Message}); it stops by itself at its timeout.");
        }
    }

    /// <summary>
    /// The peer's per-second statistics are noise in the run log, but they are what flushes its output: over SSH its stdout
    /// is a pipe, block-buffered, and without them "packet forwarding - ports=" stays in the buffer and the step never sees
    /// the peer forward (tried: a period as long as its life stalled the whole chain after "Checking link statuses...").
    /// </summary>
    private static string[] PeerArguments(WorkerDpdkTestPlanDetails details, string prefix, int seconds) =>
    [
        "--signal=INT", seconds.ToString(CultureInfo.InvariantCulture), "dpdk-testpmd",
        "-a", details.PeerVf, "--iova-mode=va", "--file-prefix=" + prefix + "-peer", "-l", "0,1",
        "--",
        "--auto-start", "--stats-period", "1", "--total-num-mbufs=8192",
        "--forward-mode=mac", "--eth-peer=0," + details.WorkerMac,
    ];

    /// <summary>SIGINT makes the peer print its final statistics. The bracket keeps pkill from matching the shell that runs it (over SSH).</summary>
    private static async Task StopPeerAsync(StepContext context, string prefix, CancellationToken cancellationToken)
    {
        var pattern = "--file-prefix=[" + prefix[0] + "]" + prefix[1..] + "-peer";
        context.Log.Write(RunLogLevel.Command, $"pkill -INT -f -- {pattern}");
        await context.Lab.Processes.RunAsync("pkill", ["-INT", "-f", "--", pattern], cancellationToken).ConfigureAwait(false);
    }

    private static StepOutcome Outcome(WorkerDpdkTestPlanDetails details, WorkerTestpmdRun worker, TestpmdSummary peer)
    {
        var summary = worker.Summary;
        var failure = summary.Failures.Count > 0 ? summary.Failures[0] : null;
        if (failure is not null || summary.Sent <= 0 || summary.Received <= 0 || peer.Received <= 0)
        {
            throw new ActionableException(
                failure is not null
                    ? $"testpmd in worker {details.Worker} failed: {failure.Explanation} (\"{failure.Line}\")"
                    : $"No packets went both ways: the worker's VF sent {summary.Sent:N0} and received {summary.Received:N0}; the peer VF received {peer.Received:N0} and sent {peer.Sent:N0}.",
                failure?.Fix ?? "Check the VFs' MACs on the PF (ip link show), spoof checking off and trust on, and the PF link up; the worker's VF must keep the MAC the PF assigned.",
                $"guest-exec {WorkerTestpmd.Program} in {details.Worker}");
        }

        var speed = summary.LinkSpeedMbps is { } mbps ? string.Create(CultureInfo.InvariantCulture, $"{mbps} Mb/s") : "not reported";
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"{TestpmdResultText.Describe(summary)} Worker {details.Worker} VF {details.WorkerVf} ({details.WorkerMac}), link speed {speed}; peer VF {details.PeerVf} received {peer.Received:N0} and sent back {peer.Sent:N0}. testpmd ran as uid {worker.Uid?.ToString(CultureInfo.InvariantCulture) ?? "(unread)"} with IOVA as VA.");
        return new StepOutcome(true, text);
    }

    private static async Task<Dictionary<string, string>> ReadMacsAsync(StepContext context, IReadOnlyList<VirtualFunctionInfo> vfs, CancellationToken cancellationToken)
    {
        var pf = SriovInventory.ReadPhysicalFunction(context.Lab.Sysfs, context.Settings.PfAddress);
        if (pf?.Netdev is not { } netdev)
        {
            throw new ActionableException(
                $"PF {context.Settings.PfAddress} has no network interface on the hypervisor, so its VFs' MACs cannot be read.",
                "Load the PF's driver (igb, ixgbe, i40e, ice) and apply the Virtual functions step.",
                $"/sys/bus/pci/devices/{context.Settings.PfAddress}/net",
                nameof(RunSettings.PfAddress));
        }

        var links = await VfLinkConfigurator.ReadAsync(context, netdev, cancellationToken).ConfigureAwait(false);
        return vfs.Join(links, vf => vf.Index, link => link.Index, (vf, link) => (vf.Address, link.Mac))
            .ToDictionary(p => p.Address, p => p.Mac, StringComparer.Ordinal);
    }

    private static string Mac(Dictionary<string, string> macs, string vf) =>
        macs.TryGetValue(vf, out var mac) && mac != "00:00:00:00:00:00"
            ? mac
            : throw new ActionableException(
                $"VF {vf} has no MAC assigned by the PF: the peer could not address it.",
                "Set the VF MACs (VfMacPrefix) and apply the Virtual functions step.",
                "ip link show",
                nameof(RunSettings.VfMacPrefix));

    /// <summary>Passes the peer's output on and signals once it forwards.</summary>
    private static async IAsyncEnumerable<string> SignalForwarding(IAsyncEnumerable<string> lines, TaskCompletionSource forwarding, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var line in lines.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (line.Contains("packet forwarding - ports=", StringComparison.Ordinal))
            {
                forwarding.TrySetResult();
            }

            yield return line;
        }
    }

    /// <summary>The peer's lines go to the log marked as the peer's; its samples stay out of the chart, which shows the worker's port.</summary>
    private sealed class PeerLog(IStepLog log) : IStepLog
    {
        public void Write(RunLogLevel level, string text) => log.Write(level, "peer: " + text);

        public void Throughput(ThroughputSample sample)
        {
        }

        public void Rollout(IReadOnlyList<NodeRolloutRow> nodes) => log.Rollout(nodes);
    }
}
