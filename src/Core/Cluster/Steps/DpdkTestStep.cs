using VirtSriov.Core.Cluster.Manifests;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Testpmd;

namespace VirtSriov.Core.Cluster.Steps;

/// <summary>
/// Step 7: an unprivileged pod with hugepages and one VF runs dpdk-testpmd (<c>--iova-mode=va</c>, PCI address from
/// the device plugin's <c>PCIDEVICE_*</c> variable); its log is streamed and parsed. It succeeds when packets were
/// sent, and fails with testpmd's own EAL error otherwise. Each Apply is a new test run (a new pod).
/// </summary>
public sealed class DpdkTestStep(ClusterWaits? waits = null) : IRunStep
{
    private readonly ClusterWaits waits = waits ?? ClusterWaits.Default;

    public StepKind Kind => StepKind.DpdkTest;

    public string Title => "DPDK test";

    public string? Limitations =>
        "On OpenShift the pod needs an SCC that allows the IPC_LOCK capability (restricted-v2 does not); the product does "
        + "not create one yet. A pod that stays Pending is reported by phase only, without the scheduler's event.";

    public async Task<IReadOnlyList<StepFinding>> InspectAsync(StepContext context, CancellationToken cancellationToken)
    {
        var findings = new List<StepFinding>();
        var resource = context.Settings.FullResourceName;
        foreach (var worker in context.Settings.Workers)
        {
            var count = await context.Lab.Cluster.GetAllocatableAsync(worker, resource, cancellationToken).ConfigureAwait(false);
            findings.Add(count > 0
                ? new StepFinding($"dpdk.resource.{worker}", FindingSeverity.Ok, $"{worker}: {resource}", $"{count} allocatable")
                : new StepFinding(
                    $"dpdk.resource.{worker}",
                    FindingSeverity.Warning,
                    $"{worker}: {resource}",
                    "none allocatable",
                    "The pod can only run on a worker that advertises the VF resource.",
                    "Apply the Device plugin step."));
        }

        var phase = await context.Lab.Cluster.GetPodPhaseAsync(ManifestNames.TestNamespace, ManifestNames.TestpmdPod, cancellationToken).ConfigureAwait(false);
        if (phase is not null)
        {
            findings.Add(new StepFinding("dpdk.pod", FindingSeverity.Info, "Previous test pod", $"{ManifestNames.TestNamespace}/{ManifestNames.TestpmdPod} is {phase}; Apply replaces it."));
        }

        return findings;
    }

    public Task<StepPlan> PlanAsync(StepContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var variable = DevicePluginEnvironment.PciDeviceVariable(settings.FullResourceName);
        var pod = TestpmdPodManifest.Pod(settings);
        return Task.FromResult(StepPlan.Create(
            Kind,
            $"Run dpdk-testpmd ({TestpmdPodManifest.ForwardMode}) for {settings.TestpmdSeconds} s in an unprivileged pod on one {settings.FullResourceName} VF.",
            new DpdkTestPlanDetails(ManifestNames.TestNamespace, ManifestNames.TestpmdPod, variable),
            [new PlannedChange($"Pod/{ManifestNames.TestNamespace}/{ManifestNames.TestpmdPod}", "create (a previous test pod is deleted first)")],
            [ManifestRenderer.Artifact("testpmd-pod.yaml", TestpmdPodManifest.Namespace(), pod)]));
    }

    public async Task<StepOutcome> ApplyAsync(StepContext context, StepPlan plan, CancellationToken cancellationToken)
    {
        var details = plan.Details<DpdkTestPlanDetails>();
        var cluster = context.Lab.Cluster;
        await cluster.ApplyAsync([TestpmdPodManifest.Namespace()], dryRun: false, cancellationToken).ConfigureAwait(false);
        await DeletePreviousAsync(context, details, cancellationToken).ConfigureAwait(false);

        var pod = TestpmdPodManifest.Pod(context.Settings);
        context.Log.Write(RunLogLevel.Command, $"create Pod/{details.Namespace}/{details.Pod}");
        await cluster.CreatePodAsync(pod, cancellationToken).ConfigureAwait(false);
        await ClusterWait.UntilAsync(
            token => cluster.GetPodPhaseAsync(details.Namespace, details.Pod, token),
            phase => phase is "Running" or "Succeeded" or "Failed",
            phase => $"the pod is {phase ?? "gone"}",
            $"pod {details.Namespace}/{details.Pod} to run",
            $"The pod needs a worker with {context.Settings.FullResourceName}, {Hugepages.ResourceName(context.Settings.HugepageSize)} and 2 free CPUs: check `oc describe pod -n {details.Namespace} {details.Pod}`.",
            waits.PodRunning,
            waits.PollInterval,
            context.Time,
            cancellationToken).ConfigureAwait(false);
        context.Log.Info($"Pod running; reading testpmd's output (the VF's address is in ${details.PciDeviceVariable}).");

        var summary = await ClusterWait.WithTimeoutAsync(
            token => TestpmdLogReader.ReadAsync(cluster.FollowPodLogAsync(details.Namespace, details.Pod, token), context.Log, token),
            "testpmd to finish",
            "testpmd should stop by itself after the configured seconds; look at the pod's log.",
            TimeSpan.FromSeconds(context.Settings.TestpmdSeconds) + waits.TestpmdMargin,
            context.Time,
            cancellationToken).ConfigureAwait(false);
        var txPackets = summary.Ports.Sum(p => p.TxPackets);
        var rxPackets = summary.Ports.Sum(p => p.RxPackets);
        if (summary.Failures.Count > 0 || txPackets <= 0)
        {
            var failure = summary.Failures.Count > 0 ? summary.Failures[0] : null;
            throw new ActionableException(
                failure is null ? "testpmd sent no packets." : $"testpmd failed: {failure.Explanation} (\"{failure.Line}\")",
                failure?.Fix ?? "Check the EAL lines of the log: hugepages on the node, the VF bound to vfio-pci in the worker, /dev/vfio access and CRI-O's memlock limit (Node tuning step).",
                $"pod {details.Namespace}/{details.Pod}");
        }

        return new StepOutcome(true, $"testpmd sent {txPackets:N0} and received {rxPackets:N0} packets (peak {summary.PeakTxPps:N0} pps) from an unprivileged pod.");
    }

    private async Task DeletePreviousAsync(StepContext context, DpdkTestPlanDetails details, CancellationToken cancellationToken)
    {
        var cluster = context.Lab.Cluster;
        var previous = await cluster.GetPodPhaseAsync(details.Namespace, details.Pod, cancellationToken).ConfigureAwait(false);
        if (previous is null)
        {
            return;
        }

        context.Log.Write(RunLogLevel.Command, $"delete Pod/{details.Namespace}/{details.Pod} (previous test, {previous})");
        await cluster.DeleteAsync(new ObjectReference("v1", "Pod", details.Namespace, details.Pod), cancellationToken).ConfigureAwait(false);
        await ClusterWait.UntilAsync(
            token => cluster.GetPodPhaseAsync(details.Namespace, details.Pod, token),
            phase => phase is null,
            phase => $"it is still {phase}",
            $"the previous pod {details.Namespace}/{details.Pod} to be deleted",
            "Delete it by hand: `oc delete pod --force` if its node is gone.",
            waits.PodRunning,
            waits.PollInterval,
            context.Time,
            cancellationToken).ConfigureAwait(false);
    }
}
