using System.Globalization;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Labs.Emulated;

/// <summary>
/// Stores a lab run's result.json in the run history like any other run: the lab "Emulated hardware (QEMU igb)",
/// the Preflight, Virtual functions and DPDK test steps with their findings, plan and outcome, every log line and
/// throughput sample as numbered events, and result.json itself as an artifact.
/// </summary>
public sealed class LabResultImporter(ILabStore labs, IRunStore runs, IRunEventStore events)
{
    public const string LabName = "Emulated hardware (QEMU igb)";
    public const string ArtifactName = "lab-result.json";

    public async Task<Guid> ImportAsync(LabRunResult result, string resultJson, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        var lab = (await labs.ListAsync(cancellationToken)).FirstOrDefault(l => l.Name == LabName)
            ?? await labs.AddAsync(LabName, LabKind.EmulatedHardware, "/", UnconnectedHypervisor.NoUri, cancellationToken);
        var settings = new RunSettings
        {
            PfAddress = result.Pf?.Address ?? result.Options.Pf,
            VfCount = result.Options.VfCount,
            Workers = [],
            TestpmdSeconds = result.Options.TestpmdSeconds,
        };
        var run = await runs.CreateAsync(lab.Id, settings, result.StartedAt, cancellationToken);
        var finishedAt = result.FinishedAt ?? result.StartedAt;
        var steps = Steps(result, finishedAt);
        foreach (var step in steps)
        {
            await runs.SaveStepAsync(run.Id, step, cancellationToken);
        }

        await events.AppendAsync(Events(run.Id, result, steps, finishedAt), cancellationToken);
        await runs.SaveArtifactsAsync(run.Id, StepKind.DpdkTest, [new PlanArtifact(ArtifactName, "json", resultJson)], finishedAt, cancellationToken);
        await runs.SetStatusAsync(run.Id, result.Passed ? RunStatus.Succeeded : RunStatus.Failed, finishedAt, cancellationToken);
        return run.Id;
    }

    private static List<StepRunRecord> Steps(LabRunResult result, DateTimeOffset finishedAt)
    {
        var steps = new List<StepRunRecord>();
        if (result.Preflight is { } report)
        {
            var passed = Passed(result, "iommu.enabled", "pf.sriov");
            steps.Add(new StepRunRecord(
                StepKind.Preflight,
                passed ? StepStatus.Succeeded : StepStatus.Failed,
                report.Findings,
                Plan: null,
                Outcome: $"{Observed(result, "iommu.enabled")}; {Observed(result, "pf.sriov")}; {report.Errors.Count} findings are errors for a full run",
                Changed: false,
                StartedAt: result.StartedAt,
                FinishedAt: At(result, result.Timings.Preflight)));
        }

        if (result.VfPlan is { } plan)
        {
            var passed = result.VfOutcome is not null && Passed(result, "vfs.created", "vfs.vfio", "vfs.settings");
            steps.Add(new StepRunRecord(
                StepKind.VirtualFunctions,
                passed ? StepStatus.Succeeded : StepStatus.Failed,
                [],
                plan,
                Outcome: result.VfOutcome is { } outcome
                    ? string.Create(CultureInfo.InvariantCulture, $"{outcome.Summary} Create to all bound: {result.Timings.CreateToAllBound:0.00} s.")
                    : null,
                Changed: result.VfOutcome?.Changed,
                Error: passed ? null : result.Error ?? Observed(result, "vfs.vfio"),
                Fix: passed ? null : result.Fix,
                FailedCall: passed ? null : result.FailedCall,
                StartedAt: At(result, result.Timings.Preflight),
                FinishedAt: result.Testpmd is null ? finishedAt : At(result, (result.Timings.Preflight ?? 0) + (result.Timings.PfLinkUp ?? 0) + (result.Timings.CreateToAllBound ?? 0))));
        }

        if (result.Options.TestpmdSeconds > 0 && result.VfOutcome is not null)
        {
            var passed = Passed(result, "testpmd.unprivileged", "testpmd.iova-va", "testpmd.forwarded");
            var failure = result.Testpmd?.Summary.Failures is [var firstFailure, ..] ? firstFailure : null;
            steps.Add(new StepRunRecord(
                StepKind.DpdkTest,
                passed ? StepStatus.Succeeded : StepStatus.Failed,
                [],
                Plan: null,
                Outcome: $"dpdk-testpmd as {Observed(result, "testpmd.unprivileged")}, {Observed(result, "testpmd.iova-va")}: {Observed(result, "testpmd.forwarded")}",
                Changed: false,
                Error: passed ? null : failure?.Explanation ?? result.Error ?? Observed(result, "testpmd.forwarded"),
                Fix: passed ? null : failure?.Fix ?? result.Fix,
                StartedAt: result.Log.FirstOrDefault(e => e.Step == StepKind.DpdkTest) is { } first ? At(result, first.AtSeconds) : finishedAt,
                FinishedAt: finishedAt));
        }

        return steps;
    }

    /// <summary>The run's events in the order they happened: the run starts, each step starts, its lines, it ends, the run ends.</summary>
    private static List<RunEvent> Events(Guid runId, LabRunResult result, IReadOnlyList<StepRunRecord> steps, DateTimeOffset finishedAt)
    {
        var list = new List<RunEvent>();
        void Add(DateTimeOffset at, RunEventKind kind, StepKind? step, string text, RunLogLevel level = RunLogLevel.Info, StepStatus? stepStatus = null, RunStatus? runStatus = null, ThroughputSample? sample = null) =>
            list.Add(new RunEvent(runId, list.Count + 1, at, kind, step, text, level, stepStatus, runStatus, sample));

        Add(result.StartedAt, RunEventKind.RunStatusChanged, null, $"Run imported from the lab '{LabName}' (kernel {result.KernelRelease}).", runStatus: RunStatus.Active);
        StepKind? current = null;
        foreach (var entry in result.Log)
        {
            var at = At(result, entry.AtSeconds);
            if (entry.Step != current)
            {
                EndStep(current, at);
                current = entry.Step;
                Add(at, RunEventKind.StepStatusChanged, current, $"{current} started", stepStatus: StepStatus.Applying);
            }

            if (entry.Sample is { } sample)
            {
                Add(at, RunEventKind.Throughput, entry.Step, entry.Text, sample: sample);
            }
            else
            {
                Add(at, RunEventKind.Log, entry.Step, entry.Text, entry.Level);
            }
        }

        EndStep(current, finishedAt);
        var status = result.Passed ? RunStatus.Succeeded : RunStatus.Failed;
        Add(finishedAt, RunEventKind.RunStatusChanged, null, $"Lab run {(result.Passed ? "passed" : "failed")}: {string.Join(", ", result.Checks.Select(c => $"{c.Id} {(c.Passed ? "ok" : "FAILED")}"))}", runStatus: status);
        return list;

        void EndStep(StepKind? step, DateTimeOffset at)
        {
            if (step is { } kind && steps.FirstOrDefault(s => s.Step == kind) is { } record)
            {
                Add(at, RunEventKind.StepStatusChanged, kind, record.Outcome ?? record.Error ?? kind.ToString(), record.Status == StepStatus.Succeeded ? RunLogLevel.Info : RunLogLevel.Error, stepStatus: record.Status);
            }
        }
    }

    private static bool Passed(LabRunResult result, params string[] ids) =>
        ids.All(id => result.Checks.Any(c => c.Id == id && c.Passed));

    private static string Observed(LabRunResult result, string id) =>
        result.Checks.FirstOrDefault(c => c.Id == id)?.Observed ?? "not checked";

    private static DateTimeOffset At(LabRunResult result, double? seconds) => result.StartedAt.AddSeconds(seconds ?? 0);
}
