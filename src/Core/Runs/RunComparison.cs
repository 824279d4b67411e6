using System.Text.Json;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Runs;

/// <summary>Two runs compared: the settings that differ, every step's result side by side, and the parts of their plans that differ.</summary>
public sealed record RunComparison(
    RunSummary A,
    RunSummary B,
    IReadOnlyList<SettingDifference> Settings,
    IReadOnlyList<StepComparison> Steps)
{
    /// <summary>Where the plans of a step differ, step by step: planned changes, then generated files by name.</summary>
    public IReadOnlyList<PlanDifference> Plans { get; init; } = [];

    /// <summary>The name the planned changes of a step are diffed under.</summary>
    public const string ChangesPart = "changes";

    public static RunComparison Of(RunRecord a, RunRecord b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return new RunComparison(Summary(a), Summary(b), DifferingSettings(a.Settings, b.Settings), [.. Enum.GetValues<StepKind>().Where(k => a.Settings.RunProfile.Includes(k) || b.Settings.RunProfile.Includes(k)).Select(k => Compare(k, a.Step(k), b.Step(k)))])
        {
            Plans = [.. Enum.GetValues<StepKind>().SelectMany(k => DifferingPlans(k, a.Step(k).Plan, b.Step(k).Plan))],
        };
    }

    private static IEnumerable<PlanDifference> DifferingPlans(StepKind step, StepPlan? a, StepPlan? b)
    {
        static string Changes(StepPlan? plan) => string.Join('\n', (plan?.Changes ?? []).Select(c => $"{c.Target}: {c.Description}"));
        var parts = new List<(string Part, string A, string B)> { (ChangesPart, Changes(a), Changes(b)) };
        var names = (a?.Artifacts ?? []).Concat(b?.Artifacts ?? []).Select(f => f.Name).Distinct(StringComparer.Ordinal);
        parts.AddRange(names.Select(name => (name, Content(a, name), Content(b, name))));
        return parts
            .Select(p => new PlanDifference(step, p.Part, TextDiff.Unified(p.A, p.B, $"run A/{p.Part}", $"run B/{p.Part}")))
            .Where(d => d.Diff.Length > 0);
    }

    private static string Content(StepPlan? plan, string name) => plan?.Artifacts.FirstOrDefault(f => f.Name == name)?.Content ?? "";

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
        new(run.Id, run.LabId, run.LabName, run.LabSimulated, run.Status, run.CreatedAt, run.FinishedAt, run.Steps.Count(s => s.Status == StepStatus.Succeeded), run.Settings.RunProfile.Steps().Count,
            run.Teardown, run.Settings.VfCount, run.Settings.Workers.Count);
}
