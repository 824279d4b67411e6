using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Steps;
using Xunit;

namespace VirtSriov.Core.Tests.Libvirt;

public sealed class VfPlacementPlannerTests
{
    private const string Pf = "0000:3b:00.0";

    private static readonly WorkerPlacementInfo[] TwoWorkers = [new("worker-0", 0), new("worker-1", 1)];

    private static VfPool Pool(int vfs, int? numaNode = 0) =>
        new(Pf, numaNode, Enumerable.Range(0, vfs).Select(FakeVfSysfs.VfAddress).ToList());

    private static VfPlacementPreferences Overrides(VfPlacementMode mode = VfPlacementMode.RoundRobin, params (string Worker, string[] Vfs)[] overrides) =>
        new(mode, overrides.ToDictionary(o => o.Worker, o => (IReadOnlyList<string>)o.Vfs));

    [Fact]
    public void Plan_RoundRobin_GivesConsecutiveVfsInWorkerOrder()
    {
        var placement = VfPlacementPlanner.Plan(Pool(8), [.. TwoWorkers, new("worker-2", null)], 2, VfPlacementPreferences.Default);

        Assert.Equal(["0000:3b:02.0", "0000:3b:02.1"], placement.For("worker-0"));
        Assert.Equal(["0000:3b:02.2", "0000:3b:02.3"], placement.For("worker-1"));
        Assert.Equal(["0000:3b:02.4", "0000:3b:02.5"], placement.For("worker-2"));
        Assert.Empty(placement.Notes);
    }

    [Fact]
    public void Plan_ByPfNumaNode_GivesVfsOnlyToWorkersOnThatNode()
    {
        var placement = VfPlacementPlanner.Plan(Pool(4, numaNode: 1), TwoWorkers, 2, new(VfPlacementMode.PfNumaNode, new Dictionary<string, IReadOnlyList<string>>()));

        Assert.Empty(placement.For("worker-0"));
        Assert.Equal(["0000:3b:02.0", "0000:3b:02.1"], placement.For("worker-1"));
        Assert.Contains("NUMA node 1", Assert.Single(placement.Assignments, a => a.Worker == "worker-1").Reason, StringComparison.Ordinal);
        Assert.Contains(placement.Notes, n => n.StartsWith("worker-0 gets no VF", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_ByNumaWithoutPfNode_FallsBackToRoundRobinWithNote()
    {
        var placement = VfPlacementPlanner.Plan(Pool(2, numaNode: null), TwoWorkers, 1, new(VfPlacementMode.PfNumaNode, new Dictionary<string, IReadOnlyList<string>>()));

        Assert.Equal(["0000:3b:02.0"], placement.For("worker-0"));
        Assert.Equal(["0000:3b:02.1"], placement.For("worker-1"));
        Assert.Contains("no NUMA node", Assert.Single(placement.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_ByNumaNoWorkerOnNode_RefusesOnModeField()
    {
        var error = Assert.Throws<ActionableException>(() =>
            VfPlacementPlanner.Plan(Pool(4, numaNode: 1), [new("worker-0", 0), new("worker-1", null)], 1, new(VfPlacementMode.PfNumaNode, new Dictionary<string, IReadOnlyList<string>>())));

        Assert.Equal(nameof(RunSettings.VfPlacement), error.Field);
        Assert.Contains("worker-1 (no single NUMA node)", error.Message, StringComparison.Ordinal);
        Assert.Contains("numatune", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_Override_TakesExactVfsAndOthersSkipThem()
    {
        var placement = VfPlacementPlanner.Plan(Pool(4), TwoWorkers, 1, Overrides(overrides: ("worker-0", ["0000:3B:02.0", "0000:3b:02.3"])));

        Assert.Equal(["0000:3b:02.0", "0000:3b:02.3"], placement.For("worker-0"));
        Assert.Equal(["0000:3b:02.1"], placement.For("worker-1"));
        Assert.Equal("operator override", placement.Assignments[0].Reason);
    }

    [Fact]
    public void Plan_AnyInput_NeverGivesOneVfTwice()
    {
        var placement = VfPlacementPlanner.Plan(Pool(6), [.. TwoWorkers, new("worker-2", 0)], 2, Overrides(overrides: ("worker-1", ["0000:3b:02.0"])));

        var all = placement.Assignments.SelectMany(a => a.VfAddresses).ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(5, all.Count);
    }

    [Fact]
    public void Plan_MoreVfsThanAvailable_RefusesOnVfsPerWorkerWithCounts()
    {
        var error = Assert.Throws<ActionableException>(() => VfPlacementPlanner.Plan(Pool(4), TwoWorkers, 3, VfPlacementPreferences.Default));

        Assert.Equal(nameof(RunSettings.VfsPerWorker), error.Field);
        Assert.Contains("6 VFs are needed (2 worker(s) × 3)", error.Message, StringComparison.Ordinal);
        Assert.Contains($"PF {Pf} has 4", error.Message, StringComparison.Ordinal);
        Assert.Contains("at least 6", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_OverridePlusAutomaticExceedsPool_CountsBoth()
    {
        var error = Assert.Throws<ActionableException>(() =>
            VfPlacementPlanner.Plan(Pool(3), TwoWorkers, 2, Overrides(overrides: ("worker-0", ["0000:3b:02.0", "0000:3b:02.1"]))));

        Assert.Contains("4 VFs are needed (1 worker(s) × 2 + 2 by override)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0000:3b:00.0", "it is the PF itself")]
    [InlineData("0000:3b:02.7", "is not a VF of PF 0000:3b:00.0")]
    [InlineData("0000:af:00.2", "is not a VF of PF 0000:3b:00.0")]
    public void Plan_OverrideAddressNotAVfOfThePf_RefusesOnWorkersOverrideField(string address, string expected)
    {
        var error = Assert.Throws<ActionableException>(() => VfPlacementPlanner.Plan(Pool(4), TwoWorkers, 1, Overrides(overrides: ("worker-1", [address]))));

        Assert.Equal("VfOverrides[worker-1]", error.Field);
        Assert.Contains(address, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("0000:3b:02.0, 0000:3b:02.1, 0000:3b:02.2, 0000:3b:02.3", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_OverrideMalformedAddress_Refuses()
    {
        var error = Assert.Throws<ActionableException>(() => VfPlacementPlanner.Plan(Pool(4), TwoWorkers, 1, Overrides(overrides: ("worker-0", ["3b:02.0"]))));

        Assert.Equal("VfOverrides[worker-0]", error.Field);
        Assert.Contains("'3b:02.0' in the VF override of worker-0 is not a PCI address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_OverrideUnknownWorker_RefusesNamingKnownWorkers()
    {
        var error = Assert.Throws<ActionableException>(() => VfPlacementPlanner.Plan(Pool(4), TwoWorkers, 1, Overrides(overrides: ("worker-9", ["0000:3b:02.0"]))));

        Assert.Equal(nameof(RunSettings.VfOverrides), error.Field);
        Assert.Contains("'worker-9'", error.Message, StringComparison.Ordinal);
        Assert.Contains("worker-0, worker-1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_SameVfInTwoOverrides_Refuses()
    {
        var error = Assert.Throws<ActionableException>(() =>
            VfPlacementPlanner.Plan(Pool(4), TwoWorkers, 1, Overrides(overrides: [("worker-0", ["0000:3b:02.1"]), ("worker-1", ["0000:3b:02.1"])])));

        Assert.Contains("VF 0000:3b:02.1 is given to both worker-0 and worker-1", error.Message, StringComparison.Ordinal);
    }
}
