using System.Globalization;
using VirtSriov.Core.Cluster.Manifests;
using VirtSriov.Core.Host;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Testpmd;

namespace VirtSriov.Core.Cluster.Steps;

/// <summary>
/// Step 7: an unprivileged pod with hugepages and one VF runs dpdk-testpmd (<c>--iova-mode=va</c>, PCI address from
/// the device plugin's <c>PCIDEVICE_*</c> variable); its log is streamed and parsed. It succeeds when packets were
/// sent, and fails with testpmd's own EAL error otherwise. Each Apply is a new test run (a new pod).
/// </summary>
public sealed class DpdkTestStep(ClusterWaits? waits = null) : IRunStep, IStepTeardown
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

        var previous = await context.Lab.Cluster.GetPodStateAsync(ManifestNames.TestNamespace, ManifestNames.TestpmdPod, cancellationToken).ConfigureAwait(false);
        if (previous is not null)
        {
            findings.Add(new StepFinding("dpdk.pod", FindingSeverity.Info, "Previous test pod", $"{ManifestNames.TestNamespace}/{ManifestNames.TestpmdPod} is {previous.Phase}; Apply replaces it."));
        }

        return findings;
    }

    public Task<StepPlan> PlanAsync(StepContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var variable = DevicePluginEnvironment.PciDeviceVariable(settings.FullResourceName);
        var pod = TestpmdPodManifest.Pod(settings);
        var speed = SriovInventory.ReadPhysicalFunction(context.Lab.Sysfs, settings.PfAddress)?.SpeedMbps;
        return Task.FromResult(StepPlan.Create(
            Kind,
            $"Run dpdk-testpmd ({TestpmdPodManifest.ForwardMode}) for {settings.TestpmdSeconds} s in an unprivileged pod on one {settings.FullResourceName} VF"
                + (speed is { } mbps ? string.Create(CultureInfo.InvariantCulture, $"; the PF's link is {mbps} Mb/s.") : "; the PF's link speed is unknown, so no line-rate percentage."),
            new DpdkTestPlanDetails(ManifestNames.TestNamespace, ManifestNames.TestpmdPod, variable, speed),
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
        var started = await ClusterWait.UntilAsync(
            token => cluster.GetPodStateAsync(details.Namespace, details.Pod, token),
            state => state is null || state.IsStuck || state.Phase is "Running" or "Succeeded" or "Failed",
            state => $"the pod is {state?.Phase ?? "gone"}" + (state?.WaitingReason is { } reason ? $" ({reason})" : ""),
            $"pod {details.Namespace}/{details.Pod} to run",
            $"The pod needs a worker with {context.Settings.FullResourceName}, {Hugepages.ResourceName(context.Settings.HugepageSize)} and 2 free CPUs: check `oc describe pod -n {details.Namespace} {details.Pod}`.",
            waits.PodRunning,
            waits.PollInterval,
            context.Time,
            cancellationToken).ConfigureAwait(false);
        ThrowIfNotStarted(started, details, context.Settings);
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

        var lineRate = details.LinkSpeedMbps is { } speed
            ? string.Create(CultureInfo.InvariantCulture, $", {LineRate.Percent(summary.PeakTxPps, LineRate.TestpmdFrameBytes, speed):0.###}% of the {speed} Mb/s line rate for {LineRate.TestpmdFrameBytes}-byte frames")
            : "";
        context.Log.Info($"Peak Tx {summary.PeakTxPps:N0} pps{(lineRate.Length > 0 ? lineRate : " (link speed unknown: no line-rate percentage)")}.");
        return new StepOutcome(true, $"testpmd sent {txPackets:N0} and received {rxPackets:N0} packets (peak {summary.PeakTxPps:N0} pps{lineRate}) from an unprivileged pod.");
    }

    /// <summary>Removes what this step created (see <see cref="ClusterTeardown"/>).</summary>
    public Task<StepOutcome> TeardownAsync(StepContext context, CancellationToken cancellationToken) =>
        new ClusterTeardown(waits).TeardownStepAsync(Kind, context, cancellationToken);

    private static void ThrowIfNotStarted(PodState? state, DpdkTestPlanDetails details, RunSettings settings)
    {
        if (state is null)
        {
            throw new ActionableException(
                $"Pod {details.Namespace}/{details.Pod} disappeared before it ran.",
                "Something deleted it (an admission controller or an operator); look at the namespace's events, then apply the step again.",
                $"GET /api/v1/namespaces/{details.Namespace}/pods/{details.Pod}");
        }

        if (state.IsStuck)
        {
            var image = state.WaitingReason is "ImagePullBackOff" or "ErrImagePull" or "InvalidImageName";
            throw new ActionableException(
                $"The testpmd container cannot start: {state.WaitingReason}" + (state.WaitingMessage is { } message ? $" ({message})." : "."),
                image
                    ? $"Check the image '{settings.TestpmdImage}': its name and tag, that the nodes can reach the registry, and a pull secret if it is private; change TestpmdImage and apply the step again."
                    : $"Look at `oc describe pod -n {details.Namespace} {details.Pod}`.",
                $"GET /api/v1/namespaces/{details.Namespace}/pods/{details.Pod}",
                image ? nameof(RunSettings.TestpmdImage) : null);
        }
    }

    private async Task DeletePreviousAsync(StepContext context, DpdkTestPlanDetails details, CancellationToken cancellationToken)
    {
        var cluster = context.Lab.Cluster;
        var previous = await cluster.GetPodStateAsync(details.Namespace, details.Pod, cancellationToken).ConfigureAwait(false);
        if (previous is null)
        {
            return;
        }

        context.Log.Write(RunLogLevel.Command, $"delete Pod/{details.Namespace}/{details.Pod} (previous test, {previous.Phase})");
        await cluster.DeleteAsync(new ObjectReference("v1", "Pod", details.Namespace, details.Pod), cancellationToken).ConfigureAwait(false);
        await ClusterWait.UntilAsync(
            token => cluster.GetPodStateAsync(details.Namespace, details.Pod, token),
            state => state is null,
            state => $"it is still {state?.Phase}",
            $"the previous pod {details.Namespace}/{details.Pod} to be deleted",
            "Delete it by hand: `oc delete pod --force` if its node is gone.",
            waits.PodRunning,
            waits.PollInterval,
            context.Time,
            cancellationToken).ConfigureAwait(false);
    }
}
