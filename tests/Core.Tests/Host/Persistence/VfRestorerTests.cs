using VirtSriov.Core.Host;
using VirtSriov.Core.Host.Persistence;
using VirtSriov.Core.Host.Simulation;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tests.TestSupport;
using VirtSriov.TestDoubles;

namespace VirtSriov.Core.Tests.Host.Persistence;

public sealed class VfRestorerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RestoreAsync_SimulatedLabAfterReboot_RecreatesAndBindsTheVfs()
    {
        using var tree = new HostTestTree();
        var config = new VfRestoreConfig(1, [new RunSettings { PfAddress = SimulatedLabWorld.DefaultPfAddress, VfCount = 3, VfsPerWorker = 1 }]);

        var failed = await new VfRestorer(TimeProvider.System).RestoreAsync(new FakeLab(tree.Sysfs), config, new RecordingStepLog(), Token);

        Assert.Empty(failed);
        var vfs = SriovInventory.ReadVirtualFunctions(tree.Sysfs, SimulatedLabWorld.DefaultPfAddress);
        Assert.Equal(["0000:3b:02.0", "0000:3b:02.1", "0000:3b:02.2"], vfs.Select(v => v.Address));
        Assert.All(vfs, vf => Assert.Equal("vfio-pci", vf.Driver));
    }

    [Fact]
    public async Task RestoreAsync_PfGone_ReportsItAndRestoresTheOthers()
    {
        using var tree = new HostTestTree();
        var log = new RecordingStepLog();
        var config = new VfRestoreConfig(1, [new RunSettings { PfAddress = "0000:99:00.0", VfCount = 2, VfsPerWorker = 1 }, new RunSettings { PfAddress = "0000:5e:00.0", VfCount = 2, VfsPerWorker = 1 }]);

        var failed = await new VfRestorer(TimeProvider.System) { PfWait = TimeSpan.Zero }.RestoreAsync(new FakeLab(tree.Sysfs), config, log, Token);

        Assert.Equal(["0000:99:00.0"], failed);
        Assert.Equal(2, SriovInventory.ReadVirtualFunctions(tree.Sysfs, "0000:5e:00.0").Count);
        Assert.Contains(log.Lines, l => l.Level == RunLogLevel.Error && l.Text.StartsWith("0000:99:00.0: PF 0000:99:00.0 did not appear", StringComparison.Ordinal));
    }
}
