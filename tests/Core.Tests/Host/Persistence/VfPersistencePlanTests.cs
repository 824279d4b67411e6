using VirtSriov.Core.Host.Persistence;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Tests.Host.Persistence;

public sealed class VfPersistencePlanTests
{
    private static readonly RunSettings X710 = new() { PfAddress = "0000:3b:00.0", VfCount = 4 };

    [Fact]
    public void Plan_NothingInstalled_WritesThreeFilesAndEnables()
    {
        var plan = VfPersistence.Plan(X710, Installed(), enabled: false, cliInstalled: true);

        Assert.True(plan.Enable);
        Assert.False(plan.Disable);
        Assert.All(plan.Files, f => Assert.True(f.Changes));
        Assert.Equal([VfPersistenceFiles.ConfigPath, VfPersistenceFiles.UnitPath, VfPersistenceFiles.ModulesPath], plan.Files.Select(f => f.Path));
        Assert.Equal(["vfs.json", "virtsriov-vfs.service", "virtsriov-vfio.conf"], plan.Artifacts().Select(a => a.Name));
        Assert.Contains(plan.Changes(), c => c.Target == VfPersistenceFiles.UnitName && c.Description.StartsWith("systemctl daemon-reload; systemctl enable", StringComparison.Ordinal));
        Assert.Empty(plan.Warnings);
    }

    [Fact]
    public void Plan_SameAgain_NothingToDo()
    {
        var first = VfPersistence.Plan(X710, Installed(), enabled: false, cliInstalled: true);

        var second = VfPersistence.Plan(X710, Installed(first), enabled: true, cliInstalled: true);

        Assert.True(second.NothingToDo);
        Assert.Empty(second.Changes());
    }

    [Fact]
    public void Plan_SecondPf_KeepsTheFirstSortedByAddress()
    {
        var e810 = new RunSettings { PfAddress = "0000:5e:00.0", VfCount = 8 };
        var first = VfPersistence.Plan(e810, Installed(), enabled: false, cliInstalled: true);

        var second = VfPersistence.Plan(X710, Installed(first), enabled: true, cliInstalled: true);

        var config = VfPersistenceFiles.ParseConfig(second.Files[0].Content)!;
        Assert.Equal(["0000:3b:00.0", "0000:5e:00.0"], config.Functions.Select(f => f.PfAddress));
        Assert.Equal([4, 8], config.Functions.Select(f => f.VfCount));
        Assert.False(second.Enable);
        Assert.False(second.Files[1].Changes);
    }

    [Fact]
    public void Plan_ZeroVfsForTheLastPf_RemovesEverythingAndDisables()
    {
        var installed = Installed(VfPersistence.Plan(X710, Installed(), enabled: false, cliInstalled: true));

        var plan = VfPersistence.Plan(X710 with { VfCount = 0 }, installed, enabled: true, cliInstalled: true);

        Assert.True(plan.Disable);
        Assert.False(plan.Enable);
        Assert.All(plan.Files, f => Assert.Null(f.Content));
        Assert.All(plan.Files, f => Assert.True(f.Changes));
        Assert.Empty(plan.Artifacts());
    }

    [Fact]
    public void Plan_ZeroVfsAndNothingInstalled_NothingToDo() =>
        Assert.True(VfPersistence.Plan(X710 with { VfCount = 0 }, Installed(), enabled: false, cliInstalled: false).NothingToDo);

    [Fact]
    public void Plan_CliMissingAndForeignConfig_WarnsAboutBoth()
    {
        var installed = new Dictionary<string, string?> { [VfPersistenceFiles.ConfigPath] = "# written by hand\n" };

        var plan = VfPersistence.Plan(X710, installed, enabled: false, cliInstalled: false);

        Assert.Equal(2, plan.Warnings.Count);
        Assert.Contains("/usr/local/bin/virtsriov, which is not installed", plan.Warnings[0], StringComparison.Ordinal);
        Assert.Contains("not a VirtSriov restore configuration", plan.Warnings[1], StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Installed(VfPersistencePlan? plan = null) =>
        plan?.Files.ToDictionary(f => f.Path, f => f.Content) ?? [];
}
