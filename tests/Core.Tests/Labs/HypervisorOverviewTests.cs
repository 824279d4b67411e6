using VirtSriov.Core.Labs;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tests.TestSupport;
using VirtSriov.TestDoubles;

namespace VirtSriov.Core.Tests.Labs;

public sealed class HypervisorOverviewTests
{
    private const string E810 = "0000:5e:00.0";

    [Fact]
    public async Task ListAsync_TwoLabsOnOneHostAndOneUnreachable_VfUsersTheSharedActiveRunAndTheReason()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var tree = new HostTestTree();
        tree.Sysfs.WriteText($"/sys/bus/pci/devices/{E810}/sriov_numvfs", "2");
        var hypervisor = FakeHypervisor.WithHostdevs(new Dictionary<string, IReadOnlyList<string>> { ["worker-0"] = ["0000:5e:01.1"] });
        var labs = new InMemoryLabStore();
        var rack = labs.Add(Host("rack-7", "qemu+ssh://root@rack-7/system"));
        var sameRack = labs.Add(Host("rack-7 as admin", "qemu+ssh://admin@rack-7:22/system"));
        var down = labs.Add(Host("rack-9", "qemu+ssh://root@rack-9/system"));
        labs.Add(InMemoryLabStore.Simulated());
        var runs = new InMemoryRunStore(labs);
        var run = await runs.CreateAsync(sameRack.Id, new RunSettings(), DateTimeOffset.UnixEpoch, cancellationToken);
        var factory = new Factory(lab => lab.Id == down.Id
            ? throw new ActionableException("root@rack-9:22 could not be reached over SSH: Connection refused", "Check that sshd listens on port 22.")
            : new FakeLab(tree.Sysfs, hypervisor) { Lab = lab });
        await using var environments = new LabEnvironmentCache(factory);

        var overview = await new HypervisorOverview(labs, runs, environments).ListAsync(cancellationToken);

        Assert.Equal(["rack-7", "rack-7 as admin", "rack-9"], overview.Select(h => h.LabName));
        var first = overview[0];
        Assert.True(first.Reachable);
        Assert.Equal((run.Id, "rack-7 as admin"), (first.ActiveRunId!.Value, first.ActiveRunLab));
        var e810 = first.Nics.Single(n => n.PfAddress == E810);
        Assert.Equal([("0000:5e:01.0", (string?)null), ("0000:5e:01.1", "worker-0")], e810.Vfs.Select(v => (v.Address, v.Domain)));
        Assert.Equal(overview[1].Machine, first.Machine);
        Assert.False(overview[2].Reachable);
        Assert.Contains("Connection refused", overview[2].Problem, StringComparison.Ordinal);
        Assert.Contains("sshd listens", overview[2].Problem, StringComparison.Ordinal);
        Assert.Null(overview[2].ActiveRunId);
    }

    private static LabDefinition Host(string name, string uri) => new(Guid.NewGuid(), name, LabKind.Host, "/", uri, false, DateTimeOffset.UnixEpoch);

    private sealed class Factory(Func<LabDefinition, ILabEnvironment> open) : ILabEnvironmentFactory
    {
        public Task<ILabEnvironment> CreateAsync(LabDefinition lab, CancellationToken cancellationToken) => Task.FromResult(open(lab));
    }
}
