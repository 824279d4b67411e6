using System.Text.Json;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Runs;

/// <summary>Two runs compared: the settings that differ, then every step's result side by side.</summary>
public sealed record RunComparison(
    RunSummary A,
    RunSummary B,
    IReadOnlyList<SettingDifference> Settings,
    IReadOnlyList<StepComparison> Steps)
{
    public static RunComparison Of(RunRecord a, RunRecord b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return new RunComparison(Summary(a), Summary(b), DifferingSettings(a.Settings, b.Settings), [.. Enum.GetValues<StepKind>().Where(k => a.Settings.RunProfile.Includes(k) || b.Settings.RunProfile.Includes(k)).Select(k => Compare(k, a.Step(k), b.Step(k)))]);
    }

    private static List<SettingDifference> DifferingSettings(RunSettings a, RunSettings b)
    {
        var left = JsonSerializer.SerializeToElement(a, RunJson.Options);
        var right = JsonSerializer.SerializeToElement(b, RunJson.Options);
        return
        [
            .. left.EnumerateObject()
                .Select(p => new SettingDifference(p.Name, p.Value.GetRawText(), right.TryGetProperty(p.Name, out var other) ? other.GetRawText() : "null"))
                .Where(d => d.A != d.B),
        ];
    }

    private static StepComparison Compare(StepKind step, StepRunRecord a, StepRunRecord b) =>
        new(step, a.Status, b.Status, a.Outcome ?? a.Error, b.Outcome ?? b.Error, Duration(a), Duration(b));

    private static TimeSpan? Duration(StepRunRecord step) => step.FinishedAt - step.StartedAt;

    private static RunSummary Summary(RunRecord run) =>
        new(run.Id, run.LabId, run.LabName, run.LabSimulated, run.Status, run.CreatedAt, run.FinishedAt, run.Steps.Count(s => s.Status == StepStatus.Succeeded), run.Settings.RunProfile.Steps().Count);
}
