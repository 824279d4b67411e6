using VirtSriov.Core.Host.Persistence;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tests.Preflight.Support;
using VirtSriov.Core.Tests.TestSupport;
using VirtSriov.TestDoubles;

namespace VirtSriov.Core.Tests.Host.Persistence;

public sealed class VfPersistenceTests
{
    private static readonly RunSettings X710 = new() { PfAddress = "0000:3b:00.0", VfCount = 4 };

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task InstallAsync_SimulatedLab_WritesIntoTheTreeAndEnablesLikeSystemctl()
    {
        using var tree = new HostTestTree();
        var log = new RecordingStepLog();
        var persistence = VfPersistence.For(new FakeLab(tree.Sysfs));

        var changed = await persistence.InstallAsync(X710, log, Token);

        Assert.True(changed);
        Assert.Equal(VfPersistenceFiles.Unit(), await File.ReadAllTextAsync(tree.Full(VfPersistenceFiles.UnitPath), Token));
        Assert.Equal("../virtsriov-vfs.service", new FileInfo(tree.Full("/etc/systemd/system/multi-user.target.wants/virtsriov-vfs.service")).LinkTarget);
        Assert.Equal(4, VfPersistenceFiles.ParseConfig(await File.ReadAllTextAsync(tree.Full(VfPersistenceFiles.ConfigPath), Token))!.Functions[0].VfCount);
        Assert.Equal(["systemctl daemon-reload", "systemctl enable virtsriov-vfs.service"], log.Commands);
        Assert.Empty((await persistence.PlanAsync(X710, Token)).Warnings);
    }

    [Fact]
    public async Task InstallAsync_Twice_SecondChangesNothing()
    {
        using var tree = new HostTestTree();
        var persistence = VfPersistence.For(new FakeLab(tree.Sysfs));
        await persistence.InstallAsync(X710, new RecordingStepLog(), Token);
        var log = new RecordingStepLog();

        var changed = await persistence.InstallAsync(X710, log, Token);

        Assert.False(changed);
        Assert.Empty(log.Lines);
    }

    [Fact]
    public async Task RemoveAsync_LastPf_RemovesUnitConfigAndWantsLink()
    {
        using var tree = new HostTestTree();
        var persistence = VfPersistence.For(new FakeLab(tree.Sysfs));
        await persistence.InstallAsync(X710, new RecordingStepLog(), Token);
        var log = new RecordingStepLog();

        var changed = await persistence.RemoveAsync(X710.PfAddress, log, Token);

        Assert.True(changed);
        Assert.False(File.Exists(tree.Full(VfPersistenceFiles.UnitPath)));
        Assert.False(File.Exists(tree.Full(VfPersistenceFiles.ConfigPath)));
        Assert.False(File.Exists(tree.Full(VfPersistenceFiles.ModulesPath)));
        Assert.Null(new FileInfo(tree.Full("/etc/systemd/system/multi-user.target.wants/virtsriov-vfs.service")).LinkTarget);
        Assert.Equal(["systemctl disable virtsriov-vfs.service", "systemctl daemon-reload"], log.Commands);
    }

    [Fact]
    public async Task InstallAsync_SystemdUnderAnotherRoot_WritesThereAndEnablesOffline()
    {
        using var tree = new PreflightTestTree();
        var processes = new ScriptedProcessRunner()
            .Answer("systemctl", [$"--root={tree.Root}", "is-enabled", VfPersistenceFiles.UnitName], new ProcessResult(1, "disabled\n", ""))
            .Answer("systemctl", [$"--root={tree.Root}", "enable", VfPersistenceFiles.UnitName], new ProcessResult(0, "", "Created symlink ...\n"));
        var persistence = VfPersistence.For(new FakeLab(tree.Sysfs, processes: processes));

        var changed = await persistence.InstallAsync(X710, new RecordingStepLog(), Token);

        Assert.True(changed);
        Assert.Equal(VfPersistenceFiles.Modules(), await File.ReadAllTextAsync(Path.Join(tree.Root, VfPersistenceFiles.ModulesPath), Token));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(Path.Join(tree.Root, VfPersistenceFiles.UnitPath)));
        Assert.Equal([$"systemctl --root={tree.Root} enable {VfPersistenceFiles.UnitName}"], processes.Calls);
    }

    [Fact]
    public async Task InstallAsync_SystemctlFails_ThrowsActionableWithTheCall()
    {
        using var tree = new PreflightTestTree();
        var processes = new ScriptedProcessRunner()
            .Answer("systemctl", [$"--root={tree.Root}", "enable", VfPersistenceFiles.UnitName], new ProcessResult(1, "", "Failed to enable unit: Access denied\n"));
        var persistence = VfPersistence.For(new FakeLab(tree.Sysfs, processes: processes));

        var error = await Assert.ThrowsAsync<ActionableException>(() => persistence.InstallAsync(X710, new RecordingStepLog(), Token));

        Assert.Equal($"systemctl --root={tree.Root} enable {VfPersistenceFiles.UnitName}", error.FailedCall);
        Assert.Contains("Access denied", error.Message, StringComparison.Ordinal);
        Assert.Contains("as root", error.Fix, StringComparison.Ordinal);
    }
}
