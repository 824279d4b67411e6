using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;

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
        Assert.Empty(comparison.Plans);
    }

    [Fact]
    public void Of_PlansWithOtherMacsAndDomainXml_DiffsTheChangesAndEachDifferingFileOnly()
    {
        StepRunRecord Planned(string mac, string xml) => new(StepKind.WorkerVms, StepStatus.Succeeded, [], StepPlan.Create(
            StepKind.WorkerVms,
            "patch",
            new NoPlanDetails(),
            [new PlannedChange("vf 0", $"mac {mac}"), new PlannedChange("vf 1", "trust on")],
            [new PlanArtifact("worker-0.xml", "xml", xml), new PlanArtifact("same.yaml", "yaml", "kind: Same")]));
        var a = Run(new RunSettings(), Planned("02:76:73:3b:00:00", "<domain>\n  <vcpu>8</vcpu>\n</domain>"));
        var b = Run(new RunSettings(), Planned("02:aa:bb:3b:00:00", "<domain>\n  <vcpu>16</vcpu>\n</domain>"));

        var comparison = RunComparison.Of(a, b);

        Assert.Equal([RunComparison.ChangesPart, "worker-0.xml"], comparison.Plans.Select(p => p.Part));
        Assert.All(comparison.Plans, p => Assert.Equal(StepKind.WorkerVms, p.Step));
        Assert.Contains("\n-vf 0: mac 02:76:73:3b:00:00\n", comparison.Plans[0].Diff, StringComparison.Ordinal);
        Assert.Contains("\n+vf 0: mac 02:aa:bb:3b:00:00\n", comparison.Plans[0].Diff, StringComparison.Ordinal);
        Assert.Contains("+  <vcpu>16</vcpu>", comparison.Plans[1].Diff, StringComparison.Ordinal);
    }

    private static RunRecord Run(RunSettings settings, params StepRunRecord[] steps) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "lab", true, RunStatus.Succeeded, settings, Start, null, steps);
}
