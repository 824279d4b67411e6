using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Testpmd;

/// <summary>
/// The DPDK test of a <see cref="RunProfile.HypervisorOnly"/> run until the VM-level test (testpmd inside the worker
/// through the QEMU guest agent) is wired in: it says so and never falls back to the pod test, which needs a cluster.
/// </summary>
public sealed class WorkerDpdkTestUnavailableStep : IProfileStep
{
    public RunProfile Profile => RunProfile.HypervisorOnly;

    public StepKind Kind => StepKind.DpdkTest;

    public string Title => Kind.DisplayName();

    public string? Limitations => "The DPDK test inside a worker VM is not available in this build.";

    public Task<IReadOnlyList<StepFinding>> InspectAsync(StepContext context, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StepFinding>>(
        [
            new StepFinding(
                "dpdk.worker.unavailable",
                FindingSeverity.Error,
                "DPDK test in the worker: not available",
                "This build has no VM-level DPDK test (testpmd inside the worker through the guest agent).",
                "A Hypervisor only run has no cluster, so the pod test cannot stand in for it.",
                "Stop here (Preflight, Virtual functions and Worker VMs are proven), or use the Full profile for the pod test."),
        ]);

    public Task<StepPlan> PlanAsync(StepContext context, CancellationToken cancellationToken) => throw NotAvailable();

    public Task<StepOutcome> ApplyAsync(StepContext context, StepPlan plan, CancellationToken cancellationToken) => throw NotAvailable();

    private static ActionableException NotAvailable() => new(
        "The DPDK test inside a worker VM is not available in this build.",
        "Stop after Worker VMs, or start a run with the Full profile for the pod test.");
}
