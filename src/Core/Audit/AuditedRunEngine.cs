using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Audit;

/// <summary>The run engine as the dashboard and the CLI drive it: every action that changes a lab is recorded with its operator.</summary>
public sealed class AuditedRunEngine(RunEngine engine, Auditor auditor) : IRunEngine
{
    public IReadOnlyList<IRunStep> StepsOf(RunProfile profile) => engine.StepsOf(profile);

    public async Task<Guid> CreateRunAsync(Guid labId, RunSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var runId = await engine.CreateRunAsync(labId, settings, cancellationToken);
        await auditor.RecordAsync("run.create", $"run {runId} on lab {labId} ({settings.RunProfile.DisplayName()}): PF {settings.PfAddress}, {settings.VfCount} VFs, workers {string.Join(", ", settings.Workers)}");
        return runId;
    }

    public Task<IReadOnlyList<StepFinding>> InspectAsync(Guid runId, StepKind step, CancellationToken cancellationToken) =>
        engine.InspectAsync(runId, step, cancellationToken);

    public Task<StepPlan> PlanAsync(Guid runId, StepKind step, CancellationToken cancellationToken) =>
        engine.PlanAsync(runId, step, cancellationToken);

    public async Task<StepRunRecord> ApplyAsync(Guid runId, StepKind step, CancellationToken cancellationToken)
    {
        await auditor.RecordAsync("step.apply", $"run {runId}: {step.DisplayName()}");
        return await engine.ApplyAsync(runId, step, cancellationToken);
    }

    public async Task<RunRecord> RunRemainingAsync(Guid runId, CancellationToken cancellationToken)
    {
        await auditor.RecordAsync("run.remaining", $"run {runId}");
        return await engine.RunRemainingAsync(runId, cancellationToken);
    }

    public async Task<RunRecord> TeardownAsync(Guid runId, TeardownOptions options, CancellationToken cancellationToken)
    {
        await auditor.RecordAsync("run.teardown", options.DeleteKcliCluster ? $"run {runId}, deleting the kcli-deployed cluster" : $"run {runId}");
        return await engine.TeardownAsync(runId, options, cancellationToken);
    }

    public async Task CancelAsync(Guid runId)
    {
        await auditor.RecordAsync("run.cancel", $"run {runId}");
        await engine.CancelAsync(runId);
    }

    public async Task ResumeAsync(Guid runId, CancellationToken cancellationToken)
    {
        await auditor.RecordAsync("run.resume", $"run {runId}");
        await engine.ResumeAsync(runId, cancellationToken);
    }

    public async Task AbandonAsync(Guid runId, CancellationToken cancellationToken)
    {
        await auditor.RecordAsync("run.abandon", $"run {runId}");
        await engine.AbandonAsync(runId, cancellationToken);
    }
}
