using VirtSriov.Core.Runs;

namespace VirtSriov.Core.Tests.Runs;

public sealed class RunComparisonTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Of_TwoRuns_ListsOnlyDifferingSettingsAndEveryStepSideBySide()
    {
        var a = Run(new RunSettings { PfAddress = "0000:3b:00.0", VfCount = 4 }, new StepRunRecord(StepKind.Preflight, StepStatus.Succeeded, [], null, "ok", false, StartedAt: Start, FinishedAt: Start.AddSeconds(3)));
        var b = Run(new RunSettings { PfAddress = "0000:3b:00.0", VfCount = 8, HugepageSize = "2M" }, new StepRunRecord(StepKind.Preflight, StepStatus.Failed, [], null, Error: "no IOMMU", StartedAt: Start, FinishedAt: Start.AddSeconds(1)));

        var comparison = RunComparison.Of(a, b);

        Assert.Equal([new SettingDifference("vfCount", "4", "8"), new SettingDifference("hugepageSize", "\"1G\"", "\"2M\"")], comparison.Settings);
        Assert.Equal(Enum.GetValues<StepKind>(), comparison.Steps.Select(s => s.Step));
        Assert.Equal(new StepComparison(StepKind.Preflight, StepStatus.Succeeded, StepStatus.Failed, "ok", "no IOMMU", TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1)), comparison.Steps[0]);
        Assert.Equal(new StepComparison(StepKind.DpdkTest, StepStatus.Pending, StepStatus.Pending, null, null, null, null), comparison.Steps[^1]);
        Assert.Equal((1, 0), (comparison.A.StepsSucceeded, comparison.B.StepsSucceeded));
    }

    [Fact]
    public void Of_SameSettings_NoDifferences()
    {
        var comparison = RunComparison.Of(Run(new RunSettings()), Run(new RunSettings()));

        Assert.Empty(comparison.Settings);
    }

    private static RunRecord Run(RunSettings settings, params StepRunRecord[] steps) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "lab", true, RunStatus.Succeeded, settings, Start, null, steps);
}
