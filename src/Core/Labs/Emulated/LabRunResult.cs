using VirtSriov.Core.Host;
using VirtSriov.Core.Preflight;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Labs.Emulated;

/// <summary>result.json: everything a lab run saw and did; filled phase by phase, so a failed run still shows how far it got.</summary>
public sealed record LabRunResult
{
    public required LabRunOptions Options { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The kernel the run saw (<c>/proc/sys/kernel/osrelease</c>).</summary>
    public string? KernelRelease { get; init; }

    public PreflightReport? Preflight { get; init; }

    public PhysicalFunctionInfo? Pf { get; init; }

    /// <summary>The Virtual functions step's plan, as the wizard would show it.</summary>
    public StepPlan? VfPlan { get; init; }

    public StepOutcome? VfOutcome { get; init; }

    public IReadOnlyList<LabVf> Vfs { get; init; } = [];

    public LabTestpmdResult? Testpmd { get; init; }

    public LabTimings Timings { get; init; } = new();

    public IReadOnlyList<LabCheck> Checks { get; init; } = [];

    public IReadOnlyList<LabLogEntry> Log { get; init; } = [];

    /// <summary>The failure that stopped the run, with its fix and the call that failed; null when it ran to the end.</summary>
    public string? Error { get; init; }

    public string? Fix { get; init; }

    public string? FailedCall { get; init; }

    public bool Passed => Error is null && Checks.Count > 0 && Checks.All(c => c.Passed);
}
