using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;
using VirtSriov.TestDoubles;

namespace VirtSriov.Core.Tests.Runs;

public sealed class RunGatingRulesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EnsureNoOtherActiveRunAsync_LabHasAnotherActiveRun_NamesItOnTheLabField()
    {
        var labs = new InMemoryLabStore();
        var lab = labs.Add(InMemoryLabStore.Simulated());
        var runs = new InMemoryRunStore(labs);
        var other = await runs.CreateAsync(lab.Id, new RunSettings(), DateTimeOffset.UnixEpoch, Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);

        var error = await Assert.ThrowsAsync<ActionableException>(() => new RunGatingRules(runs, labs).EnsureNoOtherActiveRunAsync(lab, Guid.NewGuid(), Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct));

        Assert.Contains(other.Id.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Equal("LabId", error.Field);
    }

    [Fact]
    public async Task EnsureNoOtherActiveRunAsync_TheActiveRunIsItself_Passes()
    {
        var labs = new InMemoryLabStore();
        var lab = labs.Add(InMemoryLabStore.Simulated());
        var runs = new InMemoryRunStore(labs);
        var self = await runs.CreateAsync(lab.Id, new RunSettings(), DateTimeOffset.UnixEpoch, Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);

        var error = await Record.ExceptionAsync(() => new RunGatingRules(runs, labs).EnsureNoOtherActiveRunAsync(lab, self.Id, Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct));

        Assert.Null(error);
    }

    [Fact]
    public void EnsurePreviousStepsSucceeded_EarlierStepPending_SaysWhichToApplyFirst()
    {
        var run = new RunRecord(Guid.NewGuid(), Guid.NewGuid(), "lab", true, RunStatus.Active, new RunSettings(), DateTimeOffset.UnixEpoch, null,
            [StepRunRecord.Pending(StepKind.Preflight) with { Status = StepStatus.Succeeded }]);

        var error = Assert.Throws<ActionableException>(() => RunGatingRules.EnsurePreviousStepsSucceeded(run, StepKind.Cluster));

        Assert.Equal("Apply Virtual functions first.", error.Fix);
    }

    [Fact]
    public void EnsureNothingBlocks_ErrorAndWarning_ListsOnlyTheErrorWithItsFix()
    {
        StepFinding[] findings =
        [
            new("iommu.enabled", FindingSeverity.Error, "IOMMU", "off", Fix: "Add intel_iommu=on."),
            new("hugepages", FindingSeverity.Warning, "Hugepages", "none", Fix: "Reserve hugepages."),
        ];

        var error = Assert.Throws<ActionableException>(() => RunGatingRules.EnsureNothingBlocks(findings));

        Assert.Contains("1 problem(s)", error.Message, StringComparison.Ordinal);
        Assert.Equal("Add intel_iommu=on.", error.Fix);
    }
}
