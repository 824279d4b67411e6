using VirtSriov.Core.Host.Simulation;
using VirtSriov.Core.Labs;
using VirtSriov.TestDoubles;
using VirtSriov.Web.Choices;

namespace VirtSriov.Web.Tests.Choices;

public sealed class LabEnvironmentChoicesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("virtsriov-choices-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task ReadAsync_SimulatedHost_OffersSriovPfsIntelFirstAndTheDomainsInOrder()
    {
        SimulatedSysfsGenerator.Generate(_root);
        var lab = new FakeLab(new SimulatedSysfs(_root), FakeHypervisor.Running(new Dictionary<string, string> { ["w-1"] = "<domain/>", ["w-0"] = "<domain/>" }));
        await using var environments = new LabEnvironmentCache(new Opened(lab));

        var choices = await new LabEnvironmentChoices(environments).ReadAsync(lab.Lab, TestContext.Current.CancellationToken);

        Assert.Equal(["0000:3b:00.0", "0000:5e:00.0", "0000:af:00.0"], choices.Pfs.Select(p => p.Address));
        Assert.Equal([true, true, false], choices.Pfs.Select(p => p.Supported));
        Assert.Equal("ens1f0, i40e, 64 VFs", choices.Pfs[0].Description);
        Assert.EndsWith("not Intel: unsupported", choices.Pfs[2].Description, StringComparison.Ordinal);
        Assert.Equal(["w-0", "w-1"], choices.Domains);
        Assert.Null(choices.Problem);
    }

    [Fact]
    public async Task ReadAsync_HypervisorOutOfReach_SaysSoAndOffersNothing()
    {
        SimulatedSysfsGenerator.Generate(_root);
        var lab = new FakeLab(new SimulatedSysfs(_root), FakeHypervisor.Unreachable("qemu+ssh://nowhere/system"));
        await using var environments = new LabEnvironmentCache(new Opened(lab));

        var choices = await new LabEnvironmentChoices(environments).ReadAsync(lab.Lab, TestContext.Current.CancellationToken);

        Assert.Empty(choices.Domains);
        Assert.Contains("type them in", choices.Problem, StringComparison.Ordinal);
    }

    private sealed class Opened(ILabEnvironment lab) : ILabEnvironmentFactory
    {
        public Task<ILabEnvironment> CreateAsync(LabDefinition definition, CancellationToken cancellationToken) => Task.FromResult(lab);
    }
}
