using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using VirtSriov.Core.Cluster.Manifests;
using VirtSriov.Core.Host;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Testpmd;

namespace VirtSriov.Core.Cluster.Steps;

/// <summary>
/// Step 7: an unprivileged pod (restricted-v2 on OpenShift, the "restricted" Pod Security level elsewhere) with
/// hugepages and two VFs of the same PF runs dpdk-testpmd in mac forwarding between them (<c>--iova-mode=va</c>, PCI
/// addresses from the device plugin's <c>PCIDEVICE_*</c> variable). After start it checks the SCC the pod was admitted
/// under and the uid it runs as; its log is streamed and parsed; the totals are testpmd's final forward statistics.
/// It fails with testpmd's own EAL error or a named cause otherwise. Each Apply is a new test attempt (a new pod)
/// with its own samples.
/// </summary>
public sealed class DpdkTestStep(ClusterWaits? waits = null) : IRunStep, IStepTeardown
{
    private readonly ClusterWaits waits = waits ?? ClusterWaits.Default;

    public StepKind Kind => StepKind.DpdkTest;

    public string Title => Kind.DisplayName();

    public string? Limitations =>
        "A pod that stays Pending is reported by phase only, without the scheduler's event.";

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

    public async Task<StepPlan> PlanAsync(StepContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var cluster = context.Lab.Cluster;
        var openShift = (await cluster.GetInfoAsync(cancellationToken).ConfigureAwait(false)).IsOpenShift;
        var variable = DevicePluginEnvironment.PciDeviceVariable(settings.FullResourceName);
        var pod = TestpmdPodManifest.Pod(settings, openShift, context.RunId);
        var traffic = cluster.IsSimulated
            ? "simulated: testpmd runs on the host on DPDK null devices, so the image is not pulled and there is no line rate"
            : $"image {settings.TestpmdImage} (pinned by digest); line rate from the link speed testpmd reads on the VFs";
        var admission = openShift
            ? $"admitted under the {TestpmdPodManifest.RequiredScc} SCC (checked after start)"
            : "in a namespace that enforces the restricted Pod Security level";
        return StepPlan.Create(
            Kind,
            string.Create(
                CultureInfo.InvariantCulture,
                $"Run dpdk-testpmd ({TestpmdPodManifest.ForwardMode} forwarding between {TestpmdPodManifest.Vfs} {settings.FullResourceName} VFs of one PF, {TestpmdPodManifest.PacketBytes}-byte packets) for {settings.TestpmdSeconds} s in a non-root pod {admission}; {traffic}."),
            new DpdkTestPlanDetails(ManifestNames.TestNamespace, ManifestNames.TestpmdPod, variable, openShift, cluster.IsSimulated),
            [new PlannedChange($"Pod/{ManifestNames.TestNamespace}/{ManifestNames.TestpmdPod}", "create (a previous test pod is deleted first)")],
            [ManifestRenderer.Artifact("testpmd-pod.yaml", TestpmdPodManifest.Namespace(), pod)]);
    }

    public Task<StepOutcome> ApplyAsync(StepContext context, StepPlan plan, CancellationToken cancellationToken) =>
        KernelLogWatch.DuringAsync(context, () => TestAsync(context, plan, cancellationToken), cancellationToken);

    private async Task<StepOutcome> TestAsync(StepContext context, StepPlan plan, CancellationToken cancellationToken)
    {
        var details = plan.DetailsAs<DpdkTestPlanDetails>();
        var cluster = context.Lab.Cluster;
        await cluster.ApplyAsync([TestpmdPodManifest.Namespace()], dryRun: false, cancellationToken).ConfigureAwait(false);
        await DeletePreviousAsync(context, details, cancellationToken).ConfigureAwait(false);

        var pod = TestpmdPodManifest.Pod(context.Settings, details.OpenShift, context.RunId);
        context.Log.Write(RunLogLevel.Command, $"create Pod/{details.Namespace}/{details.Pod}");
        await cluster.CreatePodAsync(pod, cancellationToken).ConfigureAwait(false);
        var started = await ClusterWait.UntilAsync(
            token => cluster.GetPodStateAsync(details.Namespace, details.Pod, token),
            state => state is null || state.IsStuck || state.Phase is "Running" or "Succeeded" or "Failed",
            state => $"the pod is {state?.Phase ?? "gone"}" + (state?.WaitingReason is { } reason ? $" ({reason})" : ""),
            $"pod {details.Namespace}/{details.Pod} to run",
            $"The pod needs a worker with {TestpmdPodManifest.Vfs} {context.Settings.FullResourceName}, {Hugepages.ResourceName(context.Settings.HugepageSize)} and 2 free CPUs: check `oc describe pod -n {details.Namespace} {details.Pod}`.",
            waits.PodRunning,
            waits.PollInterval,
            context.Time,
            cancellationToken).ConfigureAwait(false);
        ThrowIfNotStarted(started, details, context.Settings);
        ThrowIfNotRestricted(started, details);
        context.Log.Info($"Pod running{(details.OpenShift ? $" under SCC {started.AdmittedScc}" : "")}; reading testpmd's output (the VFs' addresses are in ${details.PciDeviceVariable}).");

        var options = new TestpmdReadOptions(details.SimulatedDevices, TestpmdPodManifest.PacketBytes, Guid.NewGuid());
        var summary = await ClusterWait.WithTimeoutAsync(
            token => TestpmdLogReader.ReadAsync(RequireNonRoot(cluster.FollowPodLogAsync(details.Namespace, details.Pod, token), details, token), context.Log, options, token),
            "testpmd to finish",
            "testpmd should stop by itself after the configured seconds; look at the pod's log.",
            TimeSpan.FromSeconds(context.Settings.TestpmdSeconds) + waits.TestpmdMargin,
            context.Time,
            cancellationToken).ConfigureAwait(false);
        if (summary.Failures.Count > 0 || summary.Sent <= 0)
        {
            var failure = summary.Failures.Count > 0 ? summary.Failures[0] : null;
            throw new ActionableException(
                failure is null ? "testpmd sent no packets." : $"testpmd failed: {failure.Explanation} (\"{failure.Line}\")",
                failure?.Fix ?? "Check the EAL lines of the log: hugepages on the node, the VFs bound to vfio-pci in the worker, /dev/vfio access and CRI-O's memlock limit (Node tuning step).",
                $"pod {details.Namespace}/{details.Pod}");
        }

        var result = TestpmdResultText.Describe(summary);
        context.Log.Info(result);
        return new StepOutcome(true, result + " From a non-root pod.");
    }

    /// <summary>Removes what this step created (see <see cref="ClusterTeardown"/>).</summary>
    public Task<StepOutcome> TeardownAsync(StepContext context, CancellationToken cancellationToken) =>
        new ClusterTeardown(waits).TeardownStepAsync(Kind, context, cancellationToken);

    private static void ThrowIfNotStarted([NotNull] PodState? state, DpdkTestPlanDetails details, RunSettings settings)
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

    /// <summary>On OpenShift a pod that fits no restricted SCC is still admitted under anyuid or privileged when its creator may use them.</summary>
    private static void ThrowIfNotRestricted(PodState state, DpdkTestPlanDetails details)
    {
        if (details.OpenShift && state.AdmittedScc != TestpmdPodManifest.RequiredScc)
        {
            throw new ActionableException(
                $"Pod {details.Namespace}/{details.Pod} was admitted under SCC '{state.AdmittedScc ?? "(none written)"}', not {TestpmdPodManifest.RequiredScc}: it is not the unprivileged pod the test is about.",
                $"Check that an admission webhook does not strip the {TestpmdPodManifest.RequiredSccAnnotation} annotation and that {TestpmdPodManifest.RequiredScc} exists (`oc get scc {TestpmdPodManifest.RequiredScc}`), then apply the step again.",
                $"GET /api/v1/namespaces/{details.Namespace}/pods/{details.Pod}");
        }
    }

    /// <summary>Passes the log on, and stops at the pod's uid line when the container runs as root.</summary>
    private static async IAsyncEnumerable<string> RequireNonRoot(IAsyncEnumerable<string> lines, DpdkTestPlanDetails details, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var line in lines.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (line.StartsWith(TestpmdPodManifest.UidLinePrefix, StringComparison.Ordinal) && line[TestpmdPodManifest.UidLinePrefix.Length..].Trim() == "0")
            {
                throw new ActionableException(
                    $"testpmd in pod {details.Namespace}/{details.Pod} runs as root (uid 0): the test must prove an unprivileged pod works.",
                    "Run the pod as non-root: on OpenShift let restricted-v2 assign the uid (do not grant anyuid to the creator or the namespace's service account); elsewhere keep runAsNonRoot with a non-zero runAsUser.",
                    $"pod {details.Namespace}/{details.Pod} log: \"{line}\"");
            }

            yield return line;
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
