using System.Text.Json;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;
using VirtSriov.Data.Entities;

namespace VirtSriov.Data.Runs;

/// <summary>Converts between stored rows and Core's run records (JSON columns use <see cref="RunJson.Options"/>).</summary>
internal static class RunMapping
{
    public static RunRecord ToRecord(RunEntity run, LabEntity lab)
    {
        var settings = Deserialize<RunSettings>(run.SettingsJson);
        return new(
            run.Id,
            run.LabId,
            lab.Name,
            lab.Kind == Core.Labs.LabKind.Simulated,
            run.Status,
            settings,
            run.CreatedAt,
            run.FinishedAt,
            ProfileSteps(settings.RunProfile, run.Steps),
            run.Teardown);
    }

    public static StepRunRecord ToRecord(StepRunEntity step) => new(
        step.Step,
        step.Status,
        Deserialize<List<StepFinding>>(step.FindingsJson),
        step.PlanJson is null ? null : StoredStepPlan.Read(step.PlanJson),
        step.Outcome,
        step.Changed,
        step.Error,
        step.Fix,
        step.FailedCall,
        step.StartedAt,
        step.FinishedAt);

    public static void CopyTo(StepRunRecord step, StepRunEntity entity)
    {
        entity.Status = step.Status;
        entity.FindingsJson = Serialize(step.Findings);
        entity.PlanJson = step.Plan is null ? null : Serialize(step.Plan);
        entity.Outcome = step.Outcome;
        entity.Changed = step.Changed;
        entity.Error = step.Error;
        entity.Fix = step.Fix;
        entity.FailedCall = step.FailedCall;
        entity.StartedAt = step.StartedAt;
        entity.FinishedAt = step.FinishedAt;
    }

    public static RunSettings ReadSettings(string settingsJson) => Deserialize<RunSettings>(settingsJson);

    /// <summary>The profile of stored settings: runs stored before profiles existed are <see cref="RunProfile.Full"/>.</summary>
    public static RunProfile Profile(string settingsJson) => ReadSettings(settingsJson).RunProfile;

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, RunJson.Options);

    /// <summary>Every step of the run's profile in order; those never saved are <see cref="StepStatus.Pending"/>.</summary>
    private static List<StepRunRecord> ProfileSteps(RunProfile profile, IEnumerable<StepRunEntity> stored)
    {
        var byKind = stored.ToDictionary(s => s.Step);
        return [.. profile.Steps().Select(kind =>
            byKind.TryGetValue(kind, out var step) ? ToRecord(step) : StepRunRecord.Pending(kind))];
    }

    private static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, RunJson.Options)
        ?? throw new InvalidOperationException($"Stored JSON for {typeof(T).Name} is null.");
}
